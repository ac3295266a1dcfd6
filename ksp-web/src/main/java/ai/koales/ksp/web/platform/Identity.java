package ai.koales.ksp.web.platform;

import java.util.Set;

/**
 * Who a verified bearer token says the caller is, for the entry points outside JAX-RS (WebSocket,
 * GraphQL) where the request-scoped {@link Caller} is not available: subject, KSP roles ({@code
 * groups}) and orgs ({@code orgs}; {@code "*"} means every org).
 */
public record Identity(String subject, Set<String> roles, Set<String> orgs) {

  public Identity {
    roles = Set.copyOf(roles);
    orgs = Set.copyOf(orgs);
  }

  public boolean isAdmin() {
    return roles.contains(Roles.ADMIN);
  }

  /** The same rule as {@link Caller#mayAccessOrg}: admins, {@code "*"}, or the org itself. */
  public boolean mayAccessOrg(String org) {
    return isAdmin() || orgs.contains(Caller.ANY_ORG) || orgs.contains(org);
  }
}
