package ai.koales.ksp.persistence.stream;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A factory session as the gateway and commissioning record it (edges.md §1.8 session_state). This
 * context reads it (GraphQL, stream org and work order); its writers are the gateway and
 * commissioning.
 */
@Entity
@Table(name = "session_state")
public class SessionStateRow {

  @Id
  @Column(name = "session_id", length = 200)
  private String sessionId;

  @Column(name = "assembly_id", nullable = false, length = 200)
  private String assemblyId;

  @Column(name = "work_order_id", length = 200)
  private String workOrderId;

  @Column(name = "status", nullable = false, length = 32)
  private String status;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  @Column(name = "run_id", length = 200)
  private String runId;

  @Column(name = "org_id", length = 200)
  private String orgId;

  @Column(name = "intent_spec_id", length = 200)
  private String intentSpecId;

  @Column(name = "intent_spec_version", length = 100)
  private String intentSpecVersion;

  @Column(name = "intent_spec_domain", length = 200)
  private String intentSpecDomain;

  protected SessionStateRow() {}

  SessionStateRow(String sessionId, String assemblyId, String orgId, long now) {
    this.sessionId = sessionId;
    this.assemblyId = assemblyId;
    this.orgId = orgId;
    this.createdAt = now;
  }

  /** The writer's view of the session now; null members keep what the row holds. */
  void update(FactorySessions.SessionState s, long now) {
    status = s.status();
    if (s.workOrderId() != null) {
      workOrderId = s.workOrderId();
    }
    if (s.runId() != null) {
      runId = s.runId();
    }
    if (s.intentSpecId() != null) {
      intentSpecId = s.intentSpecId();
      intentSpecVersion = s.intentSpecVersion();
      intentSpecDomain = s.intentSpecDomain();
    }
    updatedAt = now;
  }

  public SessionView toView() {
    return new SessionView(
        sessionId,
        assemblyId,
        workOrderId,
        status,
        createdAt,
        updatedAt,
        runId,
        orgId,
        intentSpecId,
        intentSpecVersion,
        intentSpecDomain);
  }

  /** A session row as readers see it; times are epoch milliseconds. */
  public record SessionView(
      String sessionId,
      String assemblyId,
      String workOrderId,
      String status,
      long createdAt,
      long updatedAt,
      String runId,
      String orgId,
      String intentSpecId,
      String intentSpecVersion,
      String intentSpecDomain) {}
}
