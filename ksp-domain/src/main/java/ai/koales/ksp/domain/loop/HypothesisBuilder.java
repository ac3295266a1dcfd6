package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.bead.Bead;
import java.util.Optional;

/** Forms a hypothesis, with a target to amend, from a divergence (core.md §4.5). */
public interface HypothesisBuilder {

  /** What the builder works from. */
  record Request(
      String divergenceId,
      DetectedDivergence divergence,
      String outcomeStatus,
      Optional<Bead> namedTarget,
      Optional<Bead> executionTrustBead,
      Optional<Bead> sessionPolicyBead) {}

  /** Throws {@link NoAmendmentTargetException} when no trust or policy bead can be targeted. */
  Hypothesis build(Request request);
}
