package ai.koales.ksp.persistence.stream;

/**
 * Where a stream's events can be read from, right now (edges.md §4.5, §8 Q17).
 *
 * @param state LIVE: the buffer exists; ENDED: the buffer expired after the terminal event, the
 *     durable log serves replays; EXPIRED: the buffer of an unfinished session is gone
 *     (REPLAY_UNAVAILABLE); UNKNOWN: no buffer, no log, no session
 * @param orgId the org the stream belongs to, or null
 * @param tipSeq the last seq (0 when none)
 * @param terminal whether the stream has ended
 * @param baseSeq for a live buffer, the last seq before its first row (older cursors cannot be
 *     served from it)
 */
public record StreamLocation(
    State state, String orgId, long tipSeq, boolean terminal, long baseSeq) {

  /** Whether the live buffer holds every event after {@code cursor}. */
  public boolean holdsAfter(long cursor) {
    return state != State.LIVE || cursor >= baseSeq;
  }

  public enum State {
    LIVE,
    ENDED,
    EXPIRED,
    UNKNOWN
  }
}
