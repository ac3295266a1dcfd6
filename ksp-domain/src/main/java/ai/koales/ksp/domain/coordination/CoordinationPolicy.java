package ai.koales.ksp.domain.coordination;

import java.time.Duration;

/**
 * The coordinator's tunables: how long a holder may stay silent before its bead is rescued (Q8: 5
 * minutes, heartbeats required for longer work) and how many attempts a bead gets before the sweep
 * fails it (Q12: sweep attempts, 3, separate from retry policies and redeliveries).
 */
public record CoordinationPolicy(Duration staleAfter, int maxAttempts) {

  public static final CoordinationPolicy DEFAULT = new CoordinationPolicy(Duration.ofMinutes(5), 3);

  public CoordinationPolicy {
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new IllegalArgumentException("staleAfter must be positive");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }
}
