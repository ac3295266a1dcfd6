package ai.koales.ksp.domain.gateway;

/** A reviewer's decision in AcknowledgeReview (edges.md §2.1), by its wire name. */
public enum ReviewDecision {
  APPROVED("approved"),
  REJECTED("rejected"),
  /** Amendments go through loop closure (BP4), so the gateway answers accepted:false. */
  AMENDED("amended");

  private final String wireName;

  ReviewDecision(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The decision named {@code s} (case-sensitive), or {@code invalid_argument}. */
  public static ReviewDecision of(String s) {
    for (ReviewDecision d : values()) {
      if (d.wireName.equals(s)) {
        return d;
      }
    }
    throw InvalidGatewayRequestException.field(
        "decision", "must be one of approved, rejected, amended", s);
  }
}
