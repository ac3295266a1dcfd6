package ai.koales.ksp.domain.coordination;

import java.util.Locale;
import java.util.Optional;

/**
 * Who executes a run's atoms (api.md "Coordination"): {@code external} agents that claim over HTTP,
 * or the server's {@code builtin} agent pool. The built-in agents claim only beads of builtin runs
 * and external agents only beads of external runs, so the two never race.
 */
public enum ExecutorKind {
  EXTERNAL,
  BUILTIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ExecutorKind> parse(String wireName) {
    if (wireName == null) {
      return Optional.empty();
    }
    for (ExecutorKind k : values()) {
      if (k.wireName().equals(wireName)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
