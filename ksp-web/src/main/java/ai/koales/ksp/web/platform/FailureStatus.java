package ai.koales.ksp.web.platform;

import ai.koales.ksp.domain.shared.FailureKind;

/** The one place that maps a domain failure kind to its HTTP status. */
public final class FailureStatus {

  private FailureStatus() {}

  public static int of(FailureKind kind) {
    return switch (kind) {
      case INVALID_INPUT -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case GONE -> 410;
      case PAYLOAD_TOO_LARGE -> 413;
      case UNPROCESSABLE -> 422;
      case UNAVAILABLE -> 503;
    };
  }
}
