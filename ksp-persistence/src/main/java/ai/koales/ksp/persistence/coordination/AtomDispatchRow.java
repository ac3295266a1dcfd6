package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.Dispatch;
import ai.koales.ksp.domain.coordination.ExecutorKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A dispatch of a ready bead (table {@code atom_dispatch}), unique by its dedupe key (INV-C5).
 *
 * <p>States: {@code RECORDED} (an external run's bead waits for an agent's claim: nothing to
 * deliver), {@code PENDING} (a built-in run's bead waits for a built-in agent), {@code DELIVERED}
 * (a built-in agent claimed it), {@code SKIPPED} (the bead had moved on when an agent looked),
 * {@code FAILED} (no delivery worked: the bead was failed).
 */
@Entity
@Table(name = "atom_dispatch")
public class AtomDispatchRow {

  static final String RECORDED = "RECORDED";
  static final String PENDING = "PENDING";
  static final String DELIVERED = "DELIVERED";
  static final String SKIPPED = "SKIPPED";
  static final String FAILED = "FAILED";

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "atom_dispatch_seq")
  @SequenceGenerator(
      name = "atom_dispatch_seq",
      sequenceName = "atom_dispatch_seq",
      allocationSize = 50)
  @Column(name = "id")
  private long id;

  @Column(name = "dedupe_key", nullable = false, length = 400, updatable = false)
  private String dedupeKey;

  @Column(name = "org_id", nullable = false, updatable = false)
  private String orgId;

  @Column(name = "run_id", nullable = false, updatable = false)
  private String runId;

  @Column(name = "bead_id", nullable = false, updatable = false)
  private String beadId;

  @Column(name = "attempt", nullable = false, updatable = false)
  private int attempt;

  @Column(name = "executor", nullable = false, updatable = false)
  private String executor;

  @Column(name = "state", nullable = false)
  private String state;

  @Column(name = "deliveries", nullable = false)
  private int deliveries;

  @Column(name = "created_at", nullable = false, updatable = false)
  private long createdAt;

  @Column(name = "next_attempt_at", nullable = false)
  private long nextAttemptAt;

  @Column(name = "delivered_at")
  private Long deliveredAt;

  @Column(name = "last_error", length = 2000)
  private String lastError;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected AtomDispatchRow() {}

  AtomDispatchRow(Dispatch d, long dueAt) {
    dedupeKey = d.key();
    orgId = d.orgId();
    runId = d.runId();
    beadId = d.beadId();
    attempt = d.attempt();
    executor = d.executor().wireName();
    state = d.executor() == ExecutorKind.BUILTIN ? PENDING : RECORDED;
    createdAt = d.createdAt();
    nextAttemptAt = dueAt;
  }

  /** A delivery failed: counted, and due again at {@code retryAt}. */
  void deliveryFailed(String error, long retryAt) {
    deliveries++;
    nextAttemptAt = retryAt;
    lastError = error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error;
  }

  boolean isPending() {
    return PENDING.equals(state);
  }

  void settle(String newState, long now, String error) {
    state = newState;
    deliveredAt = now;
    lastError = error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error;
  }

  DispatchTicket ticket() {
    return new DispatchTicket(id, dedupeKey, orgId, runId, beadId, attempt);
  }

  public long id() {
    return id;
  }

  public String dedupeKey() {
    return dedupeKey;
  }

  public String runId() {
    return runId;
  }

  public String beadId() {
    return beadId;
  }

  public int attempt() {
    return attempt;
  }

  public String executor() {
    return executor;
  }

  public String state() {
    return state;
  }

  public int deliveries() {
    return deliveries;
  }

  public long createdAt() {
    return createdAt;
  }

  public Long deliveredAt() {
    return deliveredAt;
  }

  public String lastError() {
    return lastError;
  }
}
