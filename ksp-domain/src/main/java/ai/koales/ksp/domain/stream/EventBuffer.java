package ai.koales.ksp.domain.stream;

import java.util.Objects;

/**
 * A session's live event buffer: the consistency boundary that hands out sequence numbers.
 *
 * <p>Invariants (edges.md §4.1, §4.3): {@code seq} starts at 1 and grows by exactly one per
 * accepted append (the caller holds the buffer's row lock, so there is one writer); the first
 * terminal event ends the stream and every later append is refused; each append slides the expiry
 * ({@code lastWriteAt}) and a terminal one fixes {@code terminalAt} once.
 */
public final class EventBuffer {

  private final String streamId;
  private String runId;
  private String assemblyId;
  private String orgId;
  private long nextSeq;
  private final long baseSeq;
  private long lastWriteAt;
  private Long terminalAt;

  public EventBuffer(
      String streamId,
      String runId,
      String assemblyId,
      String orgId,
      long nextSeq,
      long baseSeq,
      long lastWriteAt,
      Long terminalAt) {
    this.streamId = Objects.requireNonNull(streamId, "streamId");
    if (nextSeq < 1 || baseSeq < 0 || baseSeq >= nextSeq) {
      throw new IllegalArgumentException("seq bounds: next " + nextSeq + ", base " + baseSeq);
    }
    this.baseSeq = baseSeq;
    this.runId = runId;
    this.assemblyId = assemblyId;
    this.orgId = orgId;
    this.nextSeq = nextSeq;
    this.lastWriteAt = lastWriteAt;
    this.terminalAt = terminalAt;
  }

  /**
   * A buffer opened at {@code now}. When the stream had events before (its buffer expired), seq
   * continues after the durable log's last one, and the new buffer holds nothing before it ({@link
   * #holdsAfter}). A stream that ended is never reopened: nothing may follow its terminal event.
   */
  public static EventBuffer opened(
      String streamId, String orgId, long lastLoggedSeq, boolean loggedTerminal, long now) {
    if (loggedTerminal) {
      throw new StreamTerminalException(streamId, lastLoggedSeq);
    }
    return new EventBuffer(
        streamId, null, null, orgId, lastLoggedSeq + 1, lastLoggedSeq, now, null);
  }

  /**
   * Whether this buffer holds every event after {@code cursor}: false when the cursor lies before
   * the events of an earlier buffer that expired (REPLAY_UNAVAILABLE).
   */
  public boolean holdsAfter(long cursor) {
    return cursor >= baseSeq;
  }

  /**
   * Appends {@code event}: assigns the next seq, slides the expiry and, for a terminal event, ends
   * the stream. Refused once the stream has ended.
   */
  public BufferedEvent append(DomainEvent event, long now) {
    if (!streamId.equals(event.streamId())) {
      throw new IllegalArgumentException(
          "event for stream " + event.streamId() + " appended to " + streamId);
    }
    if (isTerminal()) {
      throw new StreamTerminalException(streamId, tipSeq());
    }
    long seq = nextSeq++;
    lastWriteAt = now;
    if (event.terminal()) {
      terminalAt = now;
    }
    if (runId == null) {
      runId = event.runId();
    }
    if (assemblyId == null) {
      assemblyId = event.assemblyId();
    }
    return new BufferedEvent(
        streamId,
        seq,
        event.stream(),
        event.kind(),
        event.runId(),
        event.assemblyId(),
        event.payload(),
        event.occurredAt(),
        now,
        event.terminal());
  }

  /** Re-arms the expiry without appending (the original's /open, which did not, edges §4.5). */
  public void touch(long now) {
    if (!isTerminal()) {
      lastWriteAt = Math.max(lastWriteAt, now);
    }
  }

  /** Binds the stream to an org the first time one is named; an org is never replaced. */
  public boolean bindOrg(String org) {
    if (org == null || org.equals(orgId)) {
      return true;
    }
    if (orgId != null) {
      return false;
    }
    orgId = org;
    return true;
  }

  /** When the buffer may be swept: terminal + grace, else last write + TTL (sliding). */
  public long expiresAt(ExpiryPolicy policy) {
    return policy.expiresAt(lastWriteAt, terminalAt);
  }

  public boolean isExpired(long now, ExpiryPolicy policy) {
    return now >= expiresAt(policy);
  }

  public boolean isTerminal() {
    return terminalAt != null;
  }

  public long tipSeq() {
    return nextSeq - 1;
  }

  public String streamId() {
    return streamId;
  }

  public String runId() {
    return runId;
  }

  public String assemblyId() {
    return assemblyId;
  }

  public String orgId() {
    return orgId;
  }

  public long nextSeq() {
    return nextSeq;
  }

  public long baseSeq() {
    return baseSeq;
  }

  public long lastWriteAt() {
    return lastWriteAt;
  }

  public Long terminalAt() {
    return terminalAt;
  }
}
