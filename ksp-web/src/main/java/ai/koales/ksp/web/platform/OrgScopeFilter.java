package ai.koales.ksp.web.platform;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;

/**
 * Org scoping: a request to {@code /orgs/{org}/...} needs {@code org} (or {@code "*"}) in the
 * token's {@code orgs} claim, or the {@code ksp-admin} role; otherwise 403 {@code org-forbidden}.
 * Runs after the role check and the id check.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 200)
public class OrgScopeFilter implements ContainerRequestFilter {

  @Context UriInfo uriInfo;
  @Inject Caller caller;

  @Override
  public void filter(ContainerRequestContext ctx) {
    String org = uriInfo.getPathParameters(true).getFirst(PathIdFilter.ORG_PARAM);
    if (org == null || ctx.getSecurityContext().getUserPrincipal() == null) {
      return;
    }
    if (!caller.mayAccessOrg(org)) {
      throw new KspException(
          "org-forbidden",
          FailureKind.FORBIDDEN,
          "The token's orgs claim does not include org '" + org + "'.");
    }
  }
}
