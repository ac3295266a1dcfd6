package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.BeadStatus;
import ai.koales.ksp.domain.coordination.ExecutionBead;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.util.Objects;

/**
 * An execution bead (table {@code execution_bead}). JPA inserts it; every later change is a
 * conditional UPDATE in {@link JpaExecutionBeads#compareAndSet} that increments {@code version}
 * itself, so the managed instance is never written back.
 */
@Entity
@Table(name = "execution_bead")
@IdClass(ExecutionBeadRow.Key.class)
public class ExecutionBeadRow {

  @Id
  @Column(name = "run_id", length = 128)
  private String runId;

  @Id
  @Column(name = "id", length = 200)
  private String id;

  @Column(name = "molecule_id", nullable = false, length = 200)
  private String moleculeId;

  @Column(name = "gear_id", nullable = false, length = 200)
  private String gearId;

  @Column(name = "node_id", length = 400)
  private String nodeId;

  @Column(name = "role", nullable = false, length = 16)
  private String role;

  @Column(name = "status", nullable = false, length = 16)
  private String status;

  @Column(name = "assigned_to", length = 200)
  private String assignedTo;

  @Column(name = "attempt_count", nullable = false)
  private int attemptCount;

  @Column(name = "payload")
  private String payload;

  @Column(name = "result")
  private String result;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  @Column(name = "lease_token", length = 64)
  private String leaseToken;

  @Column(name = "last_heartbeat_at")
  private Long lastHeartbeatAt;

  @Column(name = "session_id", length = 64)
  private String sessionId;

  @Column(name = "ks_execution_bead_id", length = 64)
  private String executionBeadId;

  @Column(name = "tool_call_count", nullable = false)
  private int toolCallCount;

  @Column(name = "pending_parents", nullable = false)
  private int pendingParents;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected ExecutionBeadRow() {}

  static ExecutionBeadRow of(ExecutionBead b) {
    ExecutionBeadRow r = new ExecutionBeadRow();
    r.runId = b.runId();
    r.id = b.id();
    r.moleculeId = b.moleculeId();
    r.gearId = b.gearId();
    r.nodeId = b.nodeId();
    r.role = b.role();
    r.status = b.status().name();
    r.assignedTo = b.assignedTo();
    r.attemptCount = b.attemptCount();
    r.payload = b.payload() == null ? null : JsonValues.write(b.payload());
    r.result = b.result() == null ? null : JsonValues.write(b.result());
    r.createdAt = b.createdAt();
    r.updatedAt = b.updatedAt();
    r.leaseToken = b.leaseToken();
    r.lastHeartbeatAt = b.lastHeartbeatAt();
    r.sessionId = b.sessionId();
    r.executionBeadId = b.executionBeadId();
    r.toolCallCount = b.toolCallCount();
    r.pendingParents = b.pendingParents();
    r.version = b.version();
    return r;
  }

  ExecutionBead toBead() {
    return new ExecutionBead(
        runId,
        id,
        moleculeId,
        gearId,
        nodeId,
        role,
        payload == null ? null : JsonValues.parse(payload),
        createdAt,
        BeadStatus.valueOf(status),
        assignedTo,
        attemptCount,
        result == null ? null : JsonValues.parse(result),
        updatedAt,
        leaseToken,
        lastHeartbeatAt,
        sessionId,
        executionBeadId,
        toolCallCount,
        pendingParents,
        version);
  }

  /** Composite key (run_id, id): bead ids are unique within a run only. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String runId;
    private String id;

    public Key() {}

    public Key(String runId, String id) {
      this.runId = runId;
      this.id = id;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && runId.equals(k.runId) && id.equals(k.id);
    }

    @Override
    public int hashCode() {
      return Objects.hash(runId, id);
    }
  }
}
