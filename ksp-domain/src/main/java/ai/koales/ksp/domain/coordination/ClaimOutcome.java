package ai.koales.ksp.domain.coordination;

/** What a claim attempt came to (coordination.md §4.1 claim). */
public enum ClaimOutcome {
  CLAIMED,
  ALREADY_CLAIMED,
  NOT_READY,
  TERMINAL,
  NOT_FOUND
}
