package ai.koales.ksp.persistence.stream;

import java.io.Serializable;
import java.util.Objects;

/** The key of an event row: a session and its seq. */
public class EventKey implements Serializable {

  private static final long serialVersionUID = 1L;

  private String sessionId;
  private long seq;

  public EventKey() {}

  public EventKey(String sessionId, long seq) {
    this.sessionId = sessionId;
    this.seq = seq;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventKey k && seq == k.seq && Objects.equals(sessionId, k.sessionId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sessionId, seq);
  }
}
