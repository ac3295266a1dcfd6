package ai.koales.ksp.domain.loop;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The factory verifier (core.md §4.5): coherence from the injected scorer; the pattern check is
 * asked only when coherence exceeds 0.7 and a check is wired, else it counts as 0.5; the amendment
 * passes when coherence is at least 0.75 and the pattern at least 0.5; the score is their mean; the
 * gate is {@code compile}.
 */
public final class FactoryAmendmentVerifier implements AmendmentVerifier {

  public static final String GATE = "compile";

  private final CoherenceScorer scorer;
  private final Optional<PatternCheck> patternCheck;

  public FactoryAmendmentVerifier(CoherenceScorer scorer, Optional<PatternCheck> patternCheck) {
    this.scorer = scorer;
    this.patternCheck = patternCheck;
  }

  @Override
  public VerificationResult verify(
      String amendmentId, Map<String, Object> change, List<String> claims) {
    double coherence = scorer.coherence(amendmentId, change, claims);
    double pattern =
        coherence > 0.7 && patternCheck.isPresent()
            ? patternCheck.get().pattern(amendmentId, change)
            : 0.5;
    boolean passed = coherence >= 0.75 && pattern >= 0.5;
    return new VerificationResult(passed, GATE, (coherence + pattern) / 2);
  }
}
