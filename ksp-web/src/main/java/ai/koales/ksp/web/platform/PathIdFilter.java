package ai.koales.ksp.web.platform;

import ai.koales.ksp.domain.shared.Ids;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Every path id is checked once, here, before any resource sees it: {@code [A-Za-z0-9_.:-]{1,200}},
 * and no {@code ':'} in an org id; otherwise 400 {@code invalid-id} (api.md "Conventions").
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 100)
public class PathIdFilter implements ContainerRequestFilter {

  /** The path parameter that names an org on every org-scoped path. */
  public static final String ORG_PARAM = "org";

  @Context UriInfo uriInfo;

  @Override
  public void filter(ContainerRequestContext ctx) {
    for (Map.Entry<String, List<String>> e : uriInfo.getPathParameters(true).entrySet()) {
      for (String value : e.getValue()) {
        if (ORG_PARAM.equals(e.getKey())) {
          Ids.requireOrgId("path." + e.getKey(), value);
        } else {
          Ids.requireId("path." + e.getKey(), value);
        }
      }
    }
  }
}
