package ai.koales.ksp.persistence.commissioning;

import ai.koales.ksp.domain.commissioning.CommissioningSession;
import ai.koales.ksp.domain.commissioning.CommissioningSignal;
import ai.koales.ksp.domain.commissioning.CommissioningStatus;
import ai.koales.ksp.domain.commissioning.Pass;
import ai.koales.ksp.domain.coordination.RunStatus;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A commissioning session (table {@code ca_session}): the aggregate's state, plus what only the
 * worker needs (the job execution working on it and how often it was resumed).
 */
@Entity
@Table(name = "ca_session")
public class CaSessionRow {

  @Id
  @Column(name = "session_id", length = 128)
  private String sessionId;

  @Column(name = "org_id", nullable = false, updatable = false, length = 200)
  private String orgId;

  @Column(name = "repo_id", nullable = false, length = 200)
  private String repoId;

  @Column(name = "status", nullable = false, length = 32)
  private String status;

  @Column(name = "signal_json", nullable = false)
  private String signalJson;

  @Column(name = "artifacts_json", nullable = false)
  private String artifactsJson;

  @Column(name = "is_node_id", length = 200)
  private String isNodeId;

  @Column(name = "result_run_id", length = 200)
  private String resultRunId;

  @Column(name = "result_atom_count")
  private Integer resultAtomCount;

  @Column(name = "error_code", length = 64)
  private String errorCode;

  @Column(name = "error_message", length = 2000)
  private String errorMessage;

  @Column(name = "resume_from", length = 32)
  private String resumeFrom;

  @Column(name = "approval_deadline")
  private Long approvalDeadline;

  @Column(name = "decision", length = 16)
  private String decision;

  @Column(name = "approver", length = 200)
  private String approver;

  @Column(name = "reason", length = 2000)
  private String reason;

  @Column(name = "decided_at")
  private Long decidedAt;

  @Column(name = "run_status", length = 32)
  private String runStatus;

  @Column(name = "ended_at")
  private Long endedAt;

  @Column(name = "job_execution_id")
  private Long jobExecutionId;

  @Column(name = "resumes", nullable = false)
  private int resumes;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  // Optimistic lock: the job, the approval and the expiry sweep may touch the same session.
  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected CaSessionRow() {}

  static CaSessionRow of(CommissioningSession s) {
    CaSessionRow row = new CaSessionRow();
    row.sessionId = s.sessionId();
    row.orgId = s.orgId();
    row.copy(s);
    return row;
  }

  /** Copies the aggregate's state into the row (the worker's columns are kept). */
  void copy(CommissioningSession s) {
    CommissioningSignal signal = s.signal();
    repoId = signal.repoId();
    status = s.status().wireName();
    signalJson = JsonValues.write(signalMap(signal));
    Map<String, Object> artifacts = new LinkedHashMap<>();
    s.artifacts().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> artifacts.put(e.getKey().stepName(), e.getValue()));
    artifactsJson = JsonValues.write(artifacts);
    isNodeId = s.isNodeId();
    resultRunId = s.resultRunId();
    resultAtomCount = s.resultAtomCount();
    errorCode = s.errorCode();
    errorMessage = truncate(s.errorMessage());
    resumeFrom = s.resumeFrom() == null ? null : s.resumeFrom().stepName();
    approvalDeadline = s.approvalDeadline();
    decision = s.decision();
    approver = s.approver();
    reason = truncate(s.reason());
    decidedAt = s.decidedAt();
    runStatus = s.runStatus() == null ? null : s.runStatus().name();
    endedAt = s.endedAt();
    createdAt = s.createdAt();
    updatedAt = s.updatedAt();
  }

  CommissioningSession toSession() {
    Map<String, Object> sig = JsonValues.parseObject(signalJson);
    CommissioningSignal signal =
        new CommissioningSignal(
            (String) sig.get("sessionId"),
            (String) sig.get("orgId"),
            (String) sig.get("repoId"),
            (String) sig.get("workGraphId"),
            (String) sig.get("workGraphVersion"),
            (String) sig.get("dispositionEventId"),
            (String) sig.get("elucidationArtifactId"),
            (String) sig.get("issuedAt"),
            Boolean.TRUE.equals(sig.get("requireHumanApproval")));
    Map<Pass, String> artifacts = new EnumMap<>(Pass.class);
    JsonValues.parseObject(artifactsJson)
        .forEach((step, id) -> artifacts.put(Pass.fromStepName(step), String.valueOf(id)));
    return CommissioningSession.restore(
        signal,
        CommissioningStatus.fromWireName(status),
        artifacts,
        resultRunId,
        resultAtomCount,
        errorCode,
        errorMessage,
        resumeFrom == null ? null : Pass.fromStepName(resumeFrom),
        approvalDeadline,
        decision,
        approver,
        reason,
        decidedAt,
        runStatus == null ? null : RunStatus.valueOf(runStatus),
        endedAt,
        createdAt,
        updatedAt);
  }

  static Map<String, Object> signalMap(CommissioningSignal s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sessionId", s.sessionId());
    m.put("orgId", s.orgId());
    m.put("repoId", s.repoId());
    m.put("workGraphId", s.workGraphId());
    m.put("workGraphVersion", s.workGraphVersion());
    m.put("dispositionEventId", s.dispositionEventId());
    m.put("elucidationArtifactId", s.elucidationArtifactId());
    m.put("issuedAt", s.issuedAt());
    m.put("requireHumanApproval", s.requireHumanApproval());
    return m;
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
  }

  String sessionId() {
    return sessionId;
  }

  String orgId() {
    return orgId;
  }

  String status() {
    return status;
  }

  Long jobExecutionId() {
    return jobExecutionId;
  }

  void jobExecutionId(Long id) {
    jobExecutionId = id;
  }

  int resumes() {
    return resumes;
  }

  void resumed() {
    resumes++;
  }

  /** A re-submitted session starts over: a new job, no resumes. */
  void resetWorker() {
    jobExecutionId = null;
    resumes = 0;
  }

  long createdAt() {
    return createdAt;
  }
}
