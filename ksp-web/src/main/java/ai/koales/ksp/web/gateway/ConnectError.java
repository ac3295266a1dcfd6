package ai.koales.ksp.web.gateway;

/**
 * A failure of the Connect protocol itself (method, content type, body framing, timeout header) or
 * of the RPC, answered as {@code {"code", "message"}}; the message is safe to show. The HTTP status
 * is the code's, unless the protocol names another one (405, 415).
 */
final class ConnectError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ConnectCode code;
  private final int httpStatus;

  ConnectError(ConnectCode code, String message) {
    this(code, message, code.httpStatus());
  }

  ConnectError(ConnectCode code, String message, int httpStatus) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  ConnectCode code() {
    return code;
  }

  int httpStatus() {
    return httpStatus;
  }
}
