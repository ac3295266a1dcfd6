package ai.koales.ksp.persistence.loop;

import java.util.List;
import java.util.Map;

/** What the bridge points return (api.md "Loop closure"). */
public final class LoopResults {

  private LoopResults() {}

  /** BP2; {@code created} is false for a retry that found what the first call wrote. */
  public record ExecutionRecorded(
      String executionNodeId, String executionBeadId, boolean created) {}

  /**
   * BP3: the first divergence id is also the outcome bead's bridge (Q7: record all, return the
   * first). {@code created} is false for a retry that found the outcome bead already written.
   */
  public record OutcomeRecorded(
      String outcomeBeadId,
      String traceNodeId,
      List<String> divergenceIds,
      boolean triggersAmendment,
      boolean created) {}

  /** BP4; {@code created} is false for a retry that found the PENDING bead already written. */
  public record AmendmentProposed(
      String amendmentNodeId, String amendmentBeadId, String hypothesisNodeId, boolean created) {}

  /** BP4's input: the caller may name the target and the change (api.md BP4). */
  public record AmendmentProposal(
      String divergenceId,
      String outcomeBeadId,
      String targetBeadId,
      Map<String, Object> proposedChange) {}

  /**
   * BP5: adopted (new specification, new target bead, APPROVED bead) or rejected (REJECTED bead).
   */
  public record AdoptionResult(
      boolean adopted,
      String newSpecificationId,
      String newBeadId,
      String approvedBeadId,
      String rejectedBeadId,
      String elucidationArtifactId,
      String graphId) {}
}
