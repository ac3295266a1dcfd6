package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.EventBuffer;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The stored state of an {@link EventBuffer}. No {@code @Version}: every writer holds this row's
 * pessimistic lock, which is what serialises the session's sequence.
 */
@Entity
@Table(name = "buffer_meta")
public class BufferMetaRow {

  @Id
  @Column(name = "session_id", length = 128)
  private String sessionId;

  @Column(name = "run_id", length = 200)
  private String runId;

  @Column(name = "assembly_id", length = 200)
  private String assemblyId;

  @Column(name = "org_id", length = 200)
  private String orgId;

  @Column(name = "next_seq", nullable = false)
  private long nextSeq;

  @Column(name = "base_seq", nullable = false)
  private long baseSeq;

  @Column(name = "last_write_at", nullable = false)
  private long lastWriteAt;

  @Column(name = "terminal_at")
  private Long terminalAt;

  protected BufferMetaRow() {}

  BufferMetaRow(EventBuffer b) {
    this.sessionId = b.streamId();
    record(b);
  }

  EventBuffer toBuffer() {
    return new EventBuffer(
        sessionId, runId, assemblyId, orgId, nextSeq, baseSeq, lastWriteAt, terminalAt);
  }

  /** Stores what the aggregate became. */
  void record(EventBuffer b) {
    this.runId = b.runId();
    this.assemblyId = b.assemblyId();
    this.orgId = b.orgId();
    this.nextSeq = b.nextSeq();
    this.baseSeq = b.baseSeq();
    this.lastWriteAt = b.lastWriteAt();
    this.terminalAt = b.terminalAt();
  }

  public String sessionId() {
    return sessionId;
  }

  public String orgId() {
    return orgId;
  }

  public long tipSeq() {
    return nextSeq - 1;
  }

  public boolean terminal() {
    return terminalAt != null;
  }

  /** The last seq before this buffer's first row (see {@link EventBuffer#holdsAfter}). */
  public long baseSeq() {
    return baseSeq;
  }

  public long lastWriteAt() {
    return lastWriteAt;
  }
}
