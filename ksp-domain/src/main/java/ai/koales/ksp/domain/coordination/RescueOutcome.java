package ai.koales.ksp.domain.coordination;

/** What the stale sweep did to a bead (§3.1): back to READY, or FAILED when attempts ran out. */
public enum RescueOutcome {
  RESCUED,
  TIMED_OUT
}
