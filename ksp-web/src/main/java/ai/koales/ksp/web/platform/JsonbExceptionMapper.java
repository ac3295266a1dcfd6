package ai.koales.ksp.web.platform;

import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body JSON-B could not bind: always the caller's malformed JSON. */
@Provider
public class JsonbExceptionMapper implements ExceptionMapper<JsonbException> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(JsonbException e) {
    return ProblemMapping.malformedJson(e, request);
  }
}
