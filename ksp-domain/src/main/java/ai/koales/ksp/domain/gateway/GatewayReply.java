package ai.koales.ksp.domain.gateway;

/**
 * The answer to CancelSession and AcknowledgeReview (edges.md §2.1, §8 Q11): accepted, or refused
 * by the session's commissioning with its reason; a refusal is an answer, not an error.
 */
public record GatewayReply(boolean accepted, String reason) {

  public static GatewayReply accept() {
    return new GatewayReply(true, "");
  }

  public static GatewayReply refuse(String reason) {
    return new GatewayReply(false, reason == null || reason.isBlank() ? "refused" : reason);
  }
}
