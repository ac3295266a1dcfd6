package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.EventStream;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/** The columns the live buffer and the permanent log share (edges.md §1.8). */
@MappedSuperclass
public abstract class EventColumns {

  @Id
  @Column(name = "session_id", length = 128)
  private String sessionId;

  @Id
  @Column(name = "seq")
  private long seq;

  @Column(name = "stream", nullable = false, length = 32)
  private String stream;

  @Column(name = "kind", nullable = false, length = 64)
  private String kind;

  @Column(name = "scope_run_id", length = 200)
  private String scopeRunId;

  @Column(name = "scope_assembly_id", length = 200)
  private String scopeAssemblyId;

  @Column(name = "payload", nullable = false)
  private String payload;

  @Column(name = "occurred_at", nullable = false)
  private long occurredAt;

  @Column(name = "appended_at", nullable = false)
  private long appendedAt;

  @Column(name = "terminal", nullable = false)
  private boolean terminal;

  protected EventColumns() {}

  protected EventColumns(BufferedEvent e, String payloadJson) {
    this.sessionId = e.streamId();
    this.seq = e.seq();
    this.stream = e.stream().wireName();
    this.kind = e.kind();
    this.scopeRunId = e.scopeRunId();
    this.scopeAssemblyId = e.scopeAssemblyId();
    this.payload = payloadJson;
    this.occurredAt = e.occurredAt();
    this.appendedAt = e.appendedAt();
    this.terminal = e.terminal();
  }

  public BufferedEvent toEvent() {
    return new BufferedEvent(
        sessionId,
        seq,
        EventStream.byWireName(stream),
        kind,
        scopeRunId,
        scopeAssemblyId,
        JsonValues.parseObject(payload),
        occurredAt,
        appendedAt,
        terminal);
  }

  public String sessionId() {
    return sessionId;
  }

  public long seq() {
    return seq;
  }

  public boolean terminal() {
    return terminal;
  }

  public long appendedAt() {
    return appendedAt;
  }
}
