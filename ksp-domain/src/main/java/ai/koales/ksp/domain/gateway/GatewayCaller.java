package ai.koales.ksp.domain.gateway;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.StreamReader;
import java.util.Set;

/**
 * Who calls the gateway, from the verified bearer token: the subject (recorded as who cancelled or
 * decided), whether it is an admin, and the orgs its {@code orgs} claim lists ({@code "*"}: all).
 */
public record GatewayCaller(String subject, boolean admin, Set<String> orgs) {

  public GatewayCaller {
    orgs = Set.copyOf(orgs);
  }

  public boolean mayAccessOrg(String orgId) {
    return admin || orgs.contains(StreamReader.ANY_ORG) || orgs.contains(orgId);
  }

  /** Refuses ({@code org-forbidden}) a session of an org the token does not name. */
  public void requireOrg(String orgId) {
    if (!mayAccessOrg(orgId)) {
      throw new KspException(
          "org-forbidden",
          FailureKind.FORBIDDEN,
          "the token's orgs claim does not include org " + orgId);
    }
  }

  /** The same rule for reading a session's stream. */
  public StreamReader reader() {
    return new StreamReader(admin, orgs);
  }
}
