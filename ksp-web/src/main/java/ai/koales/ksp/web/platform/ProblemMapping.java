package ai.koales.ksp.web.platform;

import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns any failure into the one problem+json answer. Every exception mapper and the servlet error
 * page delegate here, so a failure reads the same whichever layer caught it.
 */
public final class ProblemMapping {

  private static final Logger LOG = Logger.getLogger(ProblemMapping.class.getName());

  private ProblemMapping() {}

  /** A business failure. */
  public static Response of(KspException e, HttpServletRequest request) {
    int status = FailureStatus.of(e.kind());
    String instance = Correlation.instance(request);
    if (status >= 500) {
      LOG.log(
          Level.WARNING,
          "{0} answered {1} ({2}): {3}",
          new Object[] {instance, status, e.code(), e.getMessage()});
    }
    Problem p =
        new Problem(
            e.code(),
            status,
            e.getMessage(),
            instance,
            e.violations(),
            e.extensions().isEmpty() ? null : JsonValues.object(e.extensions()));
    Response.ResponseBuilder r = Response.fromResponse(p.toResponse());
    if (status == 503) {
      r.header(HttpHeaders.RETRY_AFTER, "1");
    }
    return r.build();
  }

  /** A plain HTTP failure with the generic code for its status. */
  public static Response status(int status, String detail, HttpServletRequest request) {
    return new Problem(codeFor(status), status, detail, Correlation.instance(request)).toResponse();
  }

  /** Malformed JSON in a request body. */
  public static Response malformedJson(Throwable cause, HttpServletRequest request) {
    return new Problem(
            "malformed-json",
            400,
            "The request body is not valid JSON for this operation: " + rootMessage(cause),
            Correlation.instance(request))
        .toResponse();
  }

  /**
   * Anything not mapped elsewhere. A business failure or a lock conflict wrapped by a transaction
   * or EJB layer is unwrapped first; what remains is a defect: 500, logged with its correlation id,
   * never a stack trace in the response.
   */
  public static Response unexpected(Throwable t, HttpServletRequest request) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof KspException k) {
        return of(k, request);
      }
      if (c instanceof ConstraintViolationException) {
        break;
      }
      if (c instanceof JsonbException || c instanceof JsonException) {
        return malformedJson(c, request);
      }
      if (c instanceof PessimisticLockException
          || c instanceof LockTimeoutException
          || c instanceof OptimisticLockException) {
        String instance = Correlation.instance(request);
        LOG.log(
            Level.INFO, "{0} answered 503 after a lock conflict: {1}", new Object[] {instance, c});
        return Response.fromResponse(
                new Problem(
                        "contention",
                        503,
                        "The resource is busy with a concurrent change; retry the request.",
                        instance)
                    .toResponse())
            .header(HttpHeaders.RETRY_AFTER, "1")
            .build();
      }
    }
    String instance = Correlation.instance(request);
    LOG.log(Level.SEVERE, "Unexpected error, correlation id " + instance, t);
    return new Problem(
            "internal-error",
            500,
            "An unexpected error occurred. Quote " + instance + " when reporting it.",
            instance)
        .toResponse();
  }

  static String codeFor(int status) {
    return switch (status) {
      case 400 -> "bad-request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 408 -> "request-timeout";
      case 409 -> "conflict";
      case 413 -> "payload-too-large";
      case 414 -> "uri-too-long";
      case 415 -> "unsupported-media-type";
      case 429 -> "too-many-requests";
      case 500 -> "internal-error";
      case 501 -> "not-implemented";
      case 503 -> "unavailable";
      default -> "http-" + status;
    };
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null ? root.getClass().getSimpleName() : m;
  }
}
