package ai.koales.ksp.domain.commissioning;

/**
 * How a step of the commissioning job ended; the name is the step's exit status, which the job's
 * transitions read (coordination.md §8: the approval gate exits {@code AWAITING_APPROVAL}).
 */
public enum PassOutcome {
  /** The pass's artifact is persisted (or was already): go on to the next step. */
  COMPLETED,
  /** The gate stopped the job until a human decides; an approval restarts it at the emit step. */
  AWAITING_APPROVAL,
  /** The pass failed; the session is {@code failed} with the pass's code. */
  FAILED,
  /** The session no longer runs (rejected, expired or finished meanwhile): end the job quietly. */
  ENDED;

  /**
   * The step's exit status in the job XML. A failed pass is {@code SESSION_FAILED}, never {@code
   * FAILED}, which is the exit status of a step that threw: that one must fail the job so that the
   * worker resumes it, while a failed pass ends it (the session already records the failure).
   */
  public String exitStatus() {
    return this == FAILED ? "SESSION_FAILED" : name();
  }
}
