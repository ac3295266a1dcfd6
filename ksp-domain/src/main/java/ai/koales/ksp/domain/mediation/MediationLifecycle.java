package ai.koales.ksp.domain.mediation;

/**
 * A run's mediation lifecycle (coordination.md §3.2): COMPILING while a valid commission compiles,
 * SEEDED when every step succeeded, COMPLETE when the run ended (Q11), FAILED on any compile error;
 * a new valid commission from FAILED compiles again.
 */
public enum MediationLifecycle {
  UNINITIALIZED,
  COMPILING,
  SEEDED,
  COMPLETE,
  FAILED;

  /** Whether a commission of this run answers its stored result instead of compiling again. */
  public boolean isSeeded() {
    return this == SEEDED || this == COMPLETE;
  }
}
