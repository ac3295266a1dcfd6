package ai.koales.ksp.domain.gateway;

/** An AcknowledgeReview (edges.md §2.1): which review of which session, the decision, a note. */
public record ReviewAcknowledgement(
    String sessionId, String reviewId, ReviewDecision decision, String note) {

  public static ReviewAcknowledgement of(
      String sessionId, String reviewId, String decision, String note) {
    if (blank(sessionId) || blank(reviewId) || blank(decision)) {
      throw new InvalidGatewayRequestException("session_id, review_id, and decision are required");
    }
    return new ReviewAcknowledgement(
        sessionId, reviewId, ReviewDecision.of(decision), CancelRequest.requireText("note", note));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
