package ai.koales.ksp.web.platform;

import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Default deny: every {@code /api/v1} operation needs an authenticated caller, whether or not its
 * resource remembered {@code @RolesAllowed}. Only methods marked {@code @PermitAll} are open.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationRequiredFilter implements ContainerRequestFilter {

  @Context ResourceInfo resourceInfo;

  @Override
  public void filter(ContainerRequestContext ctx) {
    if (ctx.getSecurityContext().getUserPrincipal() != null || isPermitAll()) {
      return;
    }
    throw new NotAuthorizedException("A valid bearer token is required.", "Bearer realm=\"ksp\"");
  }

  private boolean isPermitAll() {
    return resourceInfo.getResourceMethod() != null
        && (resourceInfo.getResourceMethod().isAnnotationPresent(PermitAll.class)
            || resourceInfo.getResourceClass().isAnnotationPresent(PermitAll.class));
  }
}
