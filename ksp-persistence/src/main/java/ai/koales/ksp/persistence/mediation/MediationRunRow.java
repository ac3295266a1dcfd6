package ai.koales.ksp.persistence.mediation;

import ai.koales.ksp.domain.mediation.CommissionRequest;
import ai.koales.ksp.domain.mediation.MediationLifecycle;
import ai.koales.ksp.domain.mediation.MediationRun;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A run's mediation state (table {@code mediation_run}). */
@Entity(name = "MediationRunRow")
@Table(name = "mediation_run")
public class MediationRunRow {

  @Id
  @Column(name = "run_id", length = 200)
  private String runId;

  @Column(name = "org_id", nullable = false, length = 200)
  private String orgId;

  @Column(name = "lifecycle", nullable = false, length = 16)
  private String lifecycle;

  @Column(name = "work_graph_id", nullable = false, length = 200)
  private String workGraphId;

  @Column(name = "work_graph_version", nullable = false, length = 200)
  private String workGraphVersion;

  @Column(name = "eluciation_artifact_id", nullable = false, length = 200)
  private String eluciationArtifactId;

  @Column(name = "specification_id", length = 200)
  private String specificationId;

  @Column(name = "atom_count", nullable = false)
  private int atomCount;

  @Column(name = "last_commission_at", nullable = false)
  private long lastCommissionAt;

  @Column(name = "failure_reason", length = 64)
  private String failureReason;

  @Column(name = "failure_details", length = 4000)
  private String failureDetails;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  protected MediationRunRow() {}

  MediationRunRow(CommissionRequest r, long now) {
    this.runId = r.runId();
    this.orgId = r.orgId();
    commissioned(r, now);
  }

  /** A commission starts compiling (again): the meta of this request, no failure. */
  void commissioned(CommissionRequest r, long now) {
    lifecycle = MediationLifecycle.COMPILING.name();
    workGraphId = r.workGraphId();
    workGraphVersion = r.workGraphVersion();
    eluciationArtifactId = r.eluciationArtifactId();
    specificationId = null;
    atomCount = 0;
    lastCommissionAt = now;
    failureReason = null;
    failureDetails = null;
    updatedAt = now;
  }

  void seeded(String specificationId, int atomCount, long now) {
    this.lifecycle = MediationLifecycle.SEEDED.name();
    this.specificationId = specificationId;
    this.atomCount = atomCount;
    this.updatedAt = now;
  }

  void failed(String reason, String details, long now) {
    this.lifecycle = MediationLifecycle.FAILED.name();
    this.failureReason = reason;
    this.failureDetails =
        details == null || details.length() <= 4000 ? details : details.substring(0, 4000);
    this.updatedAt = now;
  }

  void complete(long now) {
    this.lifecycle = MediationLifecycle.COMPLETE.name();
    this.updatedAt = now;
  }

  String orgId() {
    return orgId;
  }

  MediationRun toRun() {
    return new MediationRun(
        runId,
        orgId,
        MediationLifecycle.valueOf(lifecycle),
        workGraphId,
        workGraphVersion,
        eluciationArtifactId,
        specificationId,
        atomCount,
        lastCommissionAt,
        failureReason,
        failureDetails);
  }
}
