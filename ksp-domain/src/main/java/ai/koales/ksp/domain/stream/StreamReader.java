package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import java.util.Set;

/**
 * Who reads a stream, as far as the org rule cares: a stream that belongs to an org may be read
 * only by callers whose token lists that org (or {@code "*"}), and by admins; a stream that belongs
 * to no org is readable by every KSP role (api.md "Conventions").
 */
public record StreamReader(boolean allOrgs, Set<String> orgs) {

  public static final String ANY_ORG = "*";

  public StreamReader {
    orgs = Set.copyOf(orgs);
  }

  /** A reader with access to every org (admins, in-process callers). */
  public static StreamReader unrestricted() {
    return new StreamReader(true, Set.of());
  }

  public boolean mayRead(String orgId) {
    return orgId == null || allOrgs || orgs.contains(ANY_ORG) || orgs.contains(orgId);
  }

  /** Throws {@code org-forbidden} unless this reader may read a stream of {@code orgId}. */
  public void requireAccess(String streamId, String orgId) {
    if (!mayRead(orgId)) {
      throw new KspException(
          "org-forbidden",
          FailureKind.FORBIDDEN,
          "Stream '" + streamId + "' belongs to an org the token's orgs claim does not include.");
    }
  }
}
