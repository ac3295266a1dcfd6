package ai.koales.ksp.domain.coordination;

/**
 * The life cycle of an execution bead (coordination.md §3.1): READY → IN_PROGRESS (claim) → DONE
 * (release) or FAILED (fail, quarantine, timed-out rescue); IN_PROGRESS → READY (stale rescue).
 * DONE and FAILED are terminal (INV-C3, P14).
 */
public enum BeadStatus {
  READY,
  IN_PROGRESS,
  DONE,
  FAILED;

  public boolean isTerminal() {
    return this == DONE || this == FAILED;
  }

  /** The status named {@code name} (case-insensitive), or null when there is none. */
  public static BeadStatus parse(String name) {
    if (name == null) {
      return null;
    }
    for (BeadStatus s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    return null;
  }
}
