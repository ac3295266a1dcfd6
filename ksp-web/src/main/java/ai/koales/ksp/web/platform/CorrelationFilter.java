package ai.koales.ksp.web.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/** Echoes the request's correlation id on every response, success or not. */
@Provider
public class CorrelationFilter implements ContainerResponseFilter {

  @Context HttpServletRequest request;

  @Override
  public void filter(ContainerRequestContext req, ContainerResponseContext res) {
    res.getHeaders().putSingle(Correlation.HEADER, Correlation.of(request));
  }
}
