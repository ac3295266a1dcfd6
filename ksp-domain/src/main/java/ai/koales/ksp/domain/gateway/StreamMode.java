package ai.koales.ksp.domain.gateway;

import ai.koales.ksp.domain.stream.SessionEventKind;

/**
 * Which of a session's events a gateway stream carries (edges.md §1.1, §4.6, §8 Q9); seq is never
 * renumbered, so a filtered stream has gaps in seq.
 */
public enum StreamMode {
  /** Treated as {@link #ALL}. */
  UNSPECIFIED,
  ALL,
  /** Only the terminal kinds 24-26. */
  TERMINAL_ONLY,
  /** The lifecycle kinds 1-10 and the terminal kinds 24-26. */
  STATE_TRANSITIONS;

  /** Whether an event of kind {@code kindName} is sent in this mode. */
  public boolean admits(String kindName) {
    SessionEventKind kind = SessionEventKind.byName(kindName);
    return switch (this) {
      case UNSPECIFIED, ALL -> true;
      case TERMINAL_ONLY -> kind.isTerminal();
      case STATE_TRANSITIONS -> kind.isStateTransition();
    };
  }
}
