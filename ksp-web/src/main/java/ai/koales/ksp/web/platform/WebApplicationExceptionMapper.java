package ai.koales.ksp.web.platform;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS' own failures (unknown resource 404, wrong method 405, unsupported media type 415, an
 * unreadable body 400, missing credentials 401, a role the caller lacks 403) as problems. Headers
 * that tell the client what to do next ({@code Allow}, {@code WWW-Authenticate}) are kept.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    if (original.hasEntity() && Problem.MEDIA.isCompatible(original.getMediaType())) {
      return original;
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof JsonbException
          || c instanceof JsonException
          || c instanceof ProcessingException) {
        return ProblemMapping.malformedJson(c, request);
      }
    }
    int status = original.getStatus();
    Response.ResponseBuilder problem =
        Response.fromResponse(ProblemMapping.status(status, detail(e, status), request));
    copy(original, problem, HttpHeaders.ALLOW);
    copy(original, problem, HttpHeaders.WWW_AUTHENTICATE);
    if (e instanceof NotAuthorizedException
        && original.getHeaderString(HttpHeaders.WWW_AUTHENTICATE) == null) {
      problem.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ksp\"");
    }
    return problem.build();
  }

  private static void copy(Response from, Response.ResponseBuilder to, String header) {
    String value = from.getHeaderString(header);
    if (value != null) {
      to.header(header, value);
    }
  }

  private String detail(WebApplicationException e, int status) {
    return switch (status) {
      case 401 -> "A valid bearer token is required.";
      case 403 -> "The token's roles do not allow this operation.";
      case 404 -> "No resource at " + request.getMethod() + " " + request.getRequestURI() + ".";
      case 405 -> request.getMethod() + " is not allowed on " + request.getRequestURI() + ".";
      case 406 -> "None of the accepted media types can be produced.";
      case 415 ->
          "Content type "
              + (request.getContentType() == null ? "(none)" : request.getContentType())
              + " is not supported here; send application/json.";
      default -> e.getMessage() == null ? "HTTP " + status : e.getMessage();
    };
  }
}
