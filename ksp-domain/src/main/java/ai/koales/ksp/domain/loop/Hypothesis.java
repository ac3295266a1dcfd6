package ai.koales.ksp.domain.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a divergence happened and what to change (core.md §1.5): the fault's attribution, an
 * explanation, a confidence, and the bead to amend (a trust or policy bead) with the proposed
 * change.
 */
public record Hypothesis(
    String attribution,
    String explanation,
    double confidence,
    String targetBeadId,
    String targetType,
    Map<String, Object> proposedChange) {

  public Hypothesis {
    // Not Map.copyOf: a caller's change may hold JSON nulls (the successor's schema judges them).
    proposedChange = Collections.unmodifiableMap(new LinkedHashMap<>(proposedChange));
  }

  /** The same hypothesis with the caller's change instead of the builder's (api.md BP4). */
  public Hypothesis withProposedChange(Map<String, Object> change) {
    return new Hypothesis(attribution, explanation, confidence, targetBeadId, targetType, change);
  }
}
