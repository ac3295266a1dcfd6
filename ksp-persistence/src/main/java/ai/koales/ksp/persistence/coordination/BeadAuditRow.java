package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.AuditEntry;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PreRemove;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One effective transition of a bead (table {@code bead_audit}); insert-only (INV-C4). */
@Entity
@Table(name = "bead_audit")
public class BeadAuditRow {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "bead_audit_seq")
  @SequenceGenerator(name = "bead_audit_seq", sequenceName = "bead_audit_seq", allocationSize = 50)
  @Column(name = "id", updatable = false)
  private long id;

  @Column(name = "org_id", nullable = false, updatable = false)
  private String orgId;

  @Column(name = "run_id", nullable = false, updatable = false)
  private String runId;

  @Column(name = "bead_id", nullable = false, updatable = false)
  private String beadId;

  @Column(name = "gear_id", nullable = false, updatable = false)
  private String gearId;

  @Column(name = "agent_id", updatable = false)
  private String agentId;

  @Column(name = "verdict", nullable = false, updatable = false)
  private String verdict;

  @Column(name = "attempt", nullable = false, updatable = false)
  private int attempt;

  @Column(name = "ts", nullable = false, updatable = false)
  private long ts;

  protected BeadAuditRow() {}

  BeadAuditRow(AuditEntry e) {
    orgId = e.orgId();
    runId = e.runId();
    beadId = e.beadId();
    gearId = e.gearId();
    agentId = e.agentId();
    verdict = e.verdict().wireName();
    attempt = e.attempt();
    ts = e.ts();
  }

  @PreUpdate
  @PreRemove
  void refuse() {
    throw new IllegalStateException("bead_audit rows are insert-only (INV-C4)");
  }

  public long id() {
    return id;
  }

  public String runId() {
    return runId;
  }

  public String beadId() {
    return beadId;
  }

  public String gearId() {
    return gearId;
  }

  public String agentId() {
    return agentId;
  }

  public String verdict() {
    return verdict;
  }

  public int attempt() {
    return attempt;
  }

  public long ts() {
    return ts;
  }
}
