package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.bead.AutonomyLevel;
import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The default hypothesis builder (core.md §4.5, the FIX of the original's empty-target stub). It
 * targets, in this order, the bead the caller named, the trust bead the outcome's execution acted
 * on, or the session's policy bead; and proposes a change that follows from the divergence: a trust
 * score lowered in proportion to its severity, or a policy's autonomy lowered one step.
 */
public final class FactoryHypothesisBuilder implements HypothesisBuilder {

  @Override
  public Hypothesis build(Request r) {
    Bead target =
        r.namedTarget()
            .or(r::executionTrustBead)
            .or(r::sessionPolicyBead)
            .orElseThrow(
                () ->
                    new NoAmendmentTargetException(
                        "divergence "
                            + r.divergenceId()
                            + " has no amendment target: the execution names no trust bead,"
                            + " the session has no policy bead, and the request names no targetBeadId"));
    if (target.type() != BeadType.TRUST && target.type() != BeadType.POLICY) {
      throw new NoAmendmentTargetException(
          "an amendment targets a trust or policy bead; "
              + target.id()
              + " is a "
              + target.type().wireName()
              + " bead");
    }
    DetectedDivergence d = r.divergence();
    String attribution = d.claimId().startsWith("claim-atom-") ? "execution" : "specification";
    String explanation =
        "Divergence "
            + r.divergenceId()
            + " ("
            + d.severity().wireName()
            + ") after a "
            + r.outcomeStatus()
            + " outcome: "
            + d.description()
            + (target.type() == BeadType.TRUST
                ? "; the trust placed in "
                    + target.text("subject_id")
                    + " overstates what it delivers"
                : "; the autonomy granted by policy "
                    + target.text("scope")
                    + " outruns the specification");
    return new Hypothesis(
        attribution,
        explanation,
        confidence(d.severity()),
        target.id().value(),
        target.type().wireName(),
        change(target, d.severity()));
  }

  static double confidence(Severity s) {
    return switch (s) {
      case CRITICAL -> 0.9;
      case HIGH -> 0.75;
      case MEDIUM -> 0.6;
      case LOW -> 0.5;
    };
  }

  static Map<String, Object> change(Bead target, Severity s) {
    if (target.type() == BeadType.TRUST) {
      double penalty =
          switch (s) {
            case CRITICAL -> 0.3;
            case HIGH -> 0.2;
            case MEDIUM -> 0.1;
            case LOW -> 0.05;
          };
      double score = target.number("trust_score") == null ? 0 : target.number("trust_score");
      BigDecimal lowered =
          BigDecimal.valueOf(Math.max(0, score - penalty)).setScale(2, RoundingMode.HALF_UP);
      return Map.of("trust_score", lowered);
    }
    AutonomyLevel current =
        AutonomyLevel.parse(target.content().get("autonomy")).orElse(AutonomyLevel.SUGGEST);
    AutonomyLevel lower = AutonomyLevel.values()[Math.max(0, current.ordinal() - 1)];
    return Map.of("autonomy", lower.name());
  }
}
