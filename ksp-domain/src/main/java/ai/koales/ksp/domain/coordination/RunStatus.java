package ai.koales.ksp.domain.coordination;

/**
 * The status of a run (coordination.md §3.3), derived from its beads after every change: {@code
 * INITIALIZED} (no beads) → {@code SEEDED} (beads, none claimed yet) → {@code RUNNING} (first
 * claim) → {@code COMPLETE} (all DONE) | {@code PARTIAL_FAILURE} (all terminal, at least one
 * FAILED) | {@code STALLED} (nothing in progress and every READY bead is blocked behind a FAILED
 * one, Q2).
 */
public enum RunStatus {
  INITIALIZED,
  SEEDED,
  RUNNING,
  COMPLETE,
  PARTIAL_FAILURE,
  STALLED;

  /**
   * A terminal run has no work left that could progress: the sweep has nothing to rescue and the
   * completion is announced ({@link RunFinished}, Q11). Seeding new beads reopens it.
   */
  public boolean isTerminal() {
    return this == COMPLETE || this == PARTIAL_FAILURE || this == STALLED;
  }

  boolean hasStarted() {
    return this != INITIALIZED && this != SEEDED;
  }

  /**
   * The status that {@code counts} imply. {@code anyClaimable} (some READY bead has all parents
   * satisfied) only matters when nothing is in progress; {@code started} says whether a bead was
   * ever claimed or finished.
   */
  public static RunStatus derive(RunCounts counts, boolean anyClaimable, boolean started) {
    if (counts.total() == 0) {
      return INITIALIZED;
    }
    if (counts.done() == counts.total()) {
      return COMPLETE;
    }
    if (counts.ready() == 0 && counts.inProgress() == 0) {
      return PARTIAL_FAILURE;
    }
    if (counts.inProgress() == 0 && !anyClaimable) {
      return STALLED;
    }
    return started || counts.inProgress() > 0 || counts.done() > 0 || counts.failed() > 0
        ? RUNNING
        : SEEDED;
  }
}
