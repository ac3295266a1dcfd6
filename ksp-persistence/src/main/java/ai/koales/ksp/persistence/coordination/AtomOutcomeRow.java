package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.AtomOutcome;
import ai.koales.ksp.domain.coordination.PendingOutcome;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An outcome waiting to be recorded through its attempt's session (table {@code atom_outcome}),
 * P13. States: {@code PENDING}, {@code DELIVERED} (the outcome bead exists), {@code ABANDONED}
 * (retries exhausted or the session is gone; logged).
 */
@Entity
@Table(name = "atom_outcome")
public class AtomOutcomeRow {

  static final String PENDING = "PENDING";
  static final String DELIVERED = "DELIVERED";
  static final String ABANDONED = "ABANDONED";

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "atom_outcome_seq")
  @SequenceGenerator(
      name = "atom_outcome_seq",
      sequenceName = "atom_outcome_seq",
      allocationSize = 50)
  @Column(name = "id")
  private long id;

  @Column(name = "org_id", nullable = false, updatable = false)
  private String orgId;

  @Column(name = "run_id", nullable = false, updatable = false)
  private String runId;

  @Column(name = "stream_id", nullable = false, updatable = false)
  private String streamId;

  @Column(name = "trace_outcome", nullable = false, updatable = false)
  private String traceOutcome;

  @Column(name = "attempts_exhausted", nullable = false, updatable = false)
  private boolean attemptsExhausted;

  @Column(name = "bead_id", nullable = false, updatable = false)
  private String beadId;

  @Column(name = "attempt", nullable = false, updatable = false)
  private int attempt;

  @Column(name = "session_id", nullable = false, updatable = false)
  private String sessionId;

  @Column(name = "execution_bead_id", nullable = false, updatable = false)
  private String executionBeadId;

  @Column(name = "status", nullable = false, updatable = false)
  private String status;

  @Column(name = "summary", nullable = false, updatable = false, length = 2000)
  private String summary;

  @Column(name = "tool_call_count", nullable = false, updatable = false)
  private int toolCallCount;

  @Column(name = "state", nullable = false)
  private String state;

  @Column(name = "deliveries", nullable = false)
  private int deliveries;

  @Column(name = "next_attempt_at", nullable = false)
  private long nextAttemptAt;

  @Column(name = "created_at", nullable = false, updatable = false)
  private long createdAt;

  @Column(name = "delivered_at")
  private Long deliveredAt;

  @Column(name = "outcome_bead_id", length = 64)
  private String outcomeBeadId;

  @Column(name = "last_error", length = 2000)
  private String lastError;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected AtomOutcomeRow() {}

  AtomOutcomeRow(PendingOutcome p, long dueAt) {
    orgId = p.orgId();
    runId = p.runId();
    streamId = p.streamId();
    beadId = p.beadId();
    attempt = p.attempt();
    sessionId = p.sessionId();
    executionBeadId = p.executionBeadId();
    status = p.outcome().status().name();
    summary = p.outcome().summary();
    toolCallCount = p.outcome().toolCallCount();
    traceOutcome = p.outcome().traceOutcome();
    attemptsExhausted = p.outcome().attemptsExhausted();
    state = PENDING;
    nextAttemptAt = dueAt;
    createdAt = p.createdAt();
  }

  PendingOutcome pending() {
    return new PendingOutcome(
        orgId,
        runId,
        streamId,
        beadId,
        attempt,
        sessionId,
        executionBeadId,
        new AtomOutcome(
            AtomOutcome.Status.valueOf(status),
            summary,
            toolCallCount,
            traceOutcome,
            attemptsExhausted),
        createdAt);
  }

  void delivered(String beadId, long now) {
    state = DELIVERED;
    outcomeBeadId = beadId;
    deliveredAt = now;
    deliveries++;
    lastError = null;
  }

  void failed(String error, long now, long retryAt, boolean abandon) {
    deliveries++;
    lastError =
        error == null ? "unknown" : error.length() > 2000 ? error.substring(0, 2000) : error;
    nextAttemptAt = retryAt;
    if (abandon) {
      state = ABANDONED;
      deliveredAt = now;
    }
  }

  OutcomeRecorder.OutcomeSettled settled() {
    return new OutcomeRecorder.OutcomeSettled(orgId, runId, streamId);
  }

  boolean isPending() {
    return PENDING.equals(state);
  }

  public long id() {
    return id;
  }

  public String orgId() {
    return orgId;
  }

  public String sessionId() {
    return sessionId;
  }

  public String executionBeadId() {
    return executionBeadId;
  }

  public String state() {
    return state;
  }

  public int deliveries() {
    return deliveries;
  }

  public String outcomeBeadId() {
    return outcomeBeadId;
  }
}
