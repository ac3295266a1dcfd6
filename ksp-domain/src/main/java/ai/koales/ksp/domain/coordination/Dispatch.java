package ai.koales.ksp.domain.coordination;

/**
 * A ready bead handed to its executor (coordination.md §4.3): at most one per bead and ready epoch
 * (INV-C5), the epoch being the bead's attempt count when it became ready; the dedupe key is {@code
 * {runId}:{beadId}:{attempt}}.
 */
public record Dispatch(
    String orgId, String runId, String beadId, int attempt, ExecutorKind executor, long createdAt) {

  public String key() {
    return key(runId, beadId, attempt);
  }

  public static String key(String runId, String beadId, int attempt) {
    return runId + ":" + beadId + ":" + attempt;
  }

  static Dispatch of(Run run, ExecutionBead bead, long now) {
    return new Dispatch(
        run.orgId(), run.runId(), bead.id(), bead.attemptCount(), run.executor(), now);
  }
}
