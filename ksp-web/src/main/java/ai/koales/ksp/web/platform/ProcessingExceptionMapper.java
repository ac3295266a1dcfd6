package ai.koales.ksp.web.platform;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body that the JSON provider cannot read: malformed JSON or a value of the wrong type. Any other
 * processing failure is a defect and goes to {@link ProblemMapping#unexpected}.
 */
@Provider
public class ProcessingExceptionMapper implements ExceptionMapper<ProcessingException> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(ProcessingException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof JsonbException || c instanceof JsonException) {
        return ProblemMapping.malformedJson(c, request);
      }
    }
    return ProblemMapping.unexpected(e, request);
  }
}
