package ai.koales.ksp.domain.stream;

/** The three streams of a session's buffer (edges.md §1.5), by their wire names. */
public enum EventStream {
  SESSION_EVENTS("sessionEvents"),
  ARTIFACT_WRITES("artifactWrites"),
  BEAD_UPDATES("beadUpdates");

  private final String wireName;

  EventStream(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The stream called {@code wireName}, or null. */
  public static EventStream byWireName(String wireName) {
    for (EventStream s : values()) {
      if (s.wireName.equals(wireName)) {
        return s;
      }
    }
    return null;
  }
}
