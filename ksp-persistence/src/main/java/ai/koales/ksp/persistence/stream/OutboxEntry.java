package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.domain.stream.EventStream;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One domain event waiting to be appended to its session's buffer. */
@Entity
@Table(name = "event_outbox")
public class OutboxEntry {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "event_outbox_seq")
  @SequenceGenerator(
      name = "event_outbox_seq",
      sequenceName = "event_outbox_seq",
      allocationSize = 50)
  private long id;

  @Column(name = "stream_id", nullable = false, length = 128)
  private String streamId;

  @Column(name = "stream", nullable = false, length = 32)
  private String stream;

  @Column(name = "kind", nullable = false, length = 64)
  private String kind;

  @Column(name = "run_id", length = 200)
  private String runId;

  @Column(name = "assembly_id", length = 200)
  private String assemblyId;

  @Column(name = "payload", nullable = false)
  private String payload;

  @Column(name = "occurred_at", nullable = false)
  private long occurredAt;

  @Column(name = "terminal", nullable = false)
  private boolean terminal;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  protected OutboxEntry() {}

  OutboxEntry(
      String streamId,
      String stream,
      String kind,
      String runId,
      String assemblyId,
      String payload,
      long occurredAt,
      boolean terminal,
      long createdAt) {
    this.streamId = streamId;
    this.stream = stream;
    this.kind = kind;
    this.runId = runId;
    this.assemblyId = assemblyId;
    this.payload = payload;
    this.occurredAt = occurredAt;
    this.terminal = terminal;
    this.createdAt = createdAt;
  }

  /** The event as its context recorded it. */
  public DomainEvent toDomainEvent() {
    return new DomainEvent(
        streamId,
        EventStream.byWireName(stream),
        kind,
        runId,
        assemblyId,
        JsonValues.parseObject(payload),
        occurredAt,
        terminal);
  }

  public long id() {
    return id;
  }

  public String streamId() {
    return streamId;
  }

  public String stream() {
    return stream;
  }

  public String kind() {
    return kind;
  }

  public String runId() {
    return runId;
  }

  public String assemblyId() {
    return assemblyId;
  }

  public String payload() {
    return payload;
  }

  public long occurredAt() {
    return occurredAt;
  }

  public boolean terminal() {
    return terminal;
  }

  public long createdAt() {
    return createdAt;
  }
}
