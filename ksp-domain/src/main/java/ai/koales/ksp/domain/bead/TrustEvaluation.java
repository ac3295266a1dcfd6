package ai.koales.ksp.domain.bead;

import java.util.Map;

/**
 * What a session may do with a subject (core.md §4.2 evaluateTrust): trusted when the subject's
 * trust head is APPROVED with a positive score; autonomy from the score's thresholds, SUGGEST when
 * untrusted or without a head. It is what the trust earns, not capped by a session's floor: §4.2
 * defines it from the score alone, and the floor binds where it must, on the execution write (Q4:
 * requested ≤ floor, {@link KnowingStateSession#authorizeExecution}).
 */
public record TrustEvaluation(
    boolean trusted, Map<String, Object> trustBead, AutonomyLevel autonomy) {

  public static TrustEvaluation of(Bead head) {
    if (head == null) {
      return new TrustEvaluation(false, null, AutonomyLevel.SUGGEST);
    }
    Double score = head.number("trust_score");
    boolean trusted = "APPROVED".equals(head.text("status")) && score != null && score > 0;
    AutonomyLevel earned = trusted ? AutonomyLevel.forTrustScore(score) : AutonomyLevel.SUGGEST;
    return new TrustEvaluation(trusted, head.content(), earned);
  }
}
