package ai.koales.ksp.domain.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a live buffer is kept (edges.md §4.5): {@code terminalGrace} after its terminal event,
 * else {@code ttl} after its last write (sliding). Defaults 5 min and 30 min.
 */
public record ExpiryPolicy(Duration ttl, Duration terminalGrace) {

  public static final ExpiryPolicy DEFAULT =
      new ExpiryPolicy(Duration.ofMinutes(30), Duration.ofMinutes(5));

  public ExpiryPolicy {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(terminalGrace, "terminalGrace");
    if (ttl.isNegative() || ttl.isZero() || terminalGrace.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive, grace not negative");
    }
  }

  public long expiresAt(long lastWriteAt, Long terminalAt) {
    return terminalAt != null
        ? terminalAt + terminalGrace.toMillis()
        : lastWriteAt + ttl.toMillis();
  }
}
