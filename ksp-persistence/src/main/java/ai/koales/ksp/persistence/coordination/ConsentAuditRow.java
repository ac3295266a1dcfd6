package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.ConsentEntry;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PreRemove;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.util.UUID;

/** One tool call of an atom (table {@code consent_audit}), written before its check (I4). */
@Entity
@Table(name = "consent_audit")
public class ConsentAuditRow {

  @Id
  @Column(name = "id", length = 36, updatable = false)
  private String id;

  @Column(name = "org_id", nullable = false, updatable = false)
  private String orgId;

  @Column(name = "run_id", nullable = false, updatable = false)
  private String runId;

  @Column(name = "bead_id", nullable = false, updatable = false)
  private String beadId;

  @Column(name = "attempt", nullable = false, updatable = false)
  private int attempt;

  @Column(name = "agent_id", updatable = false)
  private String agentId;

  @Column(name = "tool_name", nullable = false, updatable = false)
  private String toolName;

  @Column(name = "tool_call_id", updatable = false)
  private String toolCallId;

  @Column(name = "ts", nullable = false, updatable = false)
  private long ts;

  protected ConsentAuditRow() {}

  ConsentAuditRow(ConsentEntry e) {
    id = UUID.randomUUID().toString();
    orgId = e.orgId();
    runId = e.runId();
    beadId = e.beadId();
    attempt = e.attempt();
    agentId = e.agentId();
    toolName = e.toolName();
    toolCallId = e.toolCallId();
    ts = e.ts();
  }

  @PreUpdate
  @PreRemove
  void refuse() {
    throw new IllegalStateException("consent_audit rows are insert-only (I4)");
  }

  public String id() {
    return id;
  }

  public String beadId() {
    return beadId;
  }

  public int attempt() {
    return attempt;
  }

  public String agentId() {
    return agentId;
  }

  public String toolName() {
    return toolName;
  }

  public String toolCallId() {
    return toolCallId;
  }

  public long ts() {
    return ts;
  }
}
