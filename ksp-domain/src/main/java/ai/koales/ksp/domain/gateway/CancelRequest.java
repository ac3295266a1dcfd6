package ai.koales.ksp.domain.gateway;

/** A CancelSession (edges.md §2.1): the session and, optionally, why. */
public record CancelRequest(String sessionId, String reason) {

  /** The most characters of a reason or note that are kept (the session records them). */
  public static final int MAX_TEXT = 2000;

  public static CancelRequest of(String sessionId, String reason) {
    if (sessionId == null || sessionId.isBlank()) {
      throw new InvalidGatewayRequestException("session_id is required");
    }
    return new CancelRequest(sessionId, requireText("reason", reason));
  }

  static String requireText(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    if (text.length() > MAX_TEXT) {
      throw new InvalidGatewayRequestException(
          field + " must be at most " + MAX_TEXT + " characters, got " + text.length());
    }
    return text;
  }
}
