package ai.koales.ksp.web.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The last resort: see {@link ProblemMapping#unexpected}. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(Throwable t) {
    return ProblemMapping.unexpected(t, request);
  }
}
