package ai.koales.ksp.domain.coordination;

import java.util.List;

/**
 * A run entered a terminal status (COMPLETE, PARTIAL_FAILURE or STALLED). Announced after the
 * change committed, so that Mediation can acknowledge completion (Q11: the coordinator calls {@code
 * /complete} at run end).
 */
public record RunFinished(
    String orgId, String runId, RunStatus status, List<String> failedAtomIds, String streamId) {
  public RunFinished {
    failedAtomIds = List.copyOf(failedAtomIds);
  }
}
