package ai.koales.ksp.domain.mediation;

/**
 * A successful commission (coordination.md §1.7 CommissionResponse {@code seeded}); {@code created}
 * is false when the run had been seeded before and nothing was written.
 */
public record CommissionResult(
    String status, String runId, int atomCount, String workGraphVersion, boolean created) {

  public static CommissionResult seeded(MediationRun run, boolean created) {
    return new CommissionResult(
        "seeded", run.runId(), run.atomCount(), run.workGraphVersion(), created);
  }
}
