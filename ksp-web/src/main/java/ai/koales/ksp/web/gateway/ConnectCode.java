package ai.koales.ksp.web.gateway;

import ai.koales.ksp.domain.shared.FailureKind;

/**
 * The Connect protocol's error codes with the HTTP status a unary error (and a refused stream,
 * before it opens) carries (connectrpc.com/docs/protocol, edges.md §2.1: failed_precondition is
 * 400, not the original's 412).
 */
enum ConnectCode {
  CANCELED("canceled", 499),
  UNKNOWN("unknown", 500),
  INVALID_ARGUMENT("invalid_argument", 400),
  DEADLINE_EXCEEDED("deadline_exceeded", 504),
  NOT_FOUND("not_found", 404),
  ALREADY_EXISTS("already_exists", 409),
  PERMISSION_DENIED("permission_denied", 403),
  RESOURCE_EXHAUSTED("resource_exhausted", 429),
  FAILED_PRECONDITION("failed_precondition", 400),
  ABORTED("aborted", 409),
  OUT_OF_RANGE("out_of_range", 400),
  UNIMPLEMENTED("unimplemented", 501),
  INTERNAL("internal", 500),
  UNAVAILABLE("unavailable", 503),
  DATA_LOSS("data_loss", 500),
  UNAUTHENTICATED("unauthenticated", 401);

  private final String wireName;
  private final int httpStatus;

  ConnectCode(String wireName, int httpStatus) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
  }

  String wireName() {
    return wireName;
  }

  int httpStatus() {
    return httpStatus;
  }

  /**
   * The code of a business failure. A refusal by business rules (the routing's, a gone replay
   * window) is a failed precondition: the caller must change something before retrying.
   */
  static ConnectCode of(FailureKind kind) {
    return switch (kind) {
      case INVALID_INPUT -> INVALID_ARGUMENT;
      case UNAUTHENTICATED -> UNAUTHENTICATED;
      case FORBIDDEN -> PERMISSION_DENIED;
      case NOT_FOUND -> NOT_FOUND;
      case CONFLICT -> ABORTED;
      case GONE, UNPROCESSABLE -> FAILED_PRECONDITION;
      case PAYLOAD_TOO_LARGE -> RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> UNAVAILABLE;
    };
  }
}
