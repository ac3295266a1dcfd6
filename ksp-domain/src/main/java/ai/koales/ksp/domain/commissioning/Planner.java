package ai.koales.ksp.domain.commissioning;

import java.util.Map;

/**
 * The model behind the four commissioning passes (coordination.md §6; CA-INV-005: every model call
 * goes through here). Each method returns the artifact as the model wrote it; the pass validates it
 * and overwrites its id, kind and provenance ({@link PassArtifacts}). An implementation that cannot
 * produce a JSON object throws {@link PlannerOutputException}.
 */
public interface Planner {

  Map<String, Object> pressure(Elucidation elucidation, CommissioningSignal signal);

  Map<String, Object> capability(Map<String, Object> pressure, CommissioningSignal signal);

  Map<String, Object> functionProposal(Map<String, Object> capability, CommissioningSignal signal);

  Map<String, Object> intentSpecification(
      Map<String, Object> functionProposal,
      Map<String, Object> capability,
      CommissioningSignal signal);
}
