package ai.koales.ksp.web.platform;

import ai.koales.ksp.domain.shared.KspException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Business failures: their own code, the status of their kind, their message as detail. */
@Provider
public class KspExceptionMapper implements ExceptionMapper<KspException> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(KspException e) {
    return ProblemMapping.of(e, request);
  }
}
