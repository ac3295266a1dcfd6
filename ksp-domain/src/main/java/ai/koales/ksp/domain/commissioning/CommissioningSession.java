package ai.koales.ksp.domain.commissioning;

import ai.koales.ksp.domain.coordination.RunStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A commissioning session (coordination.md §1.8 {@code ca_session}, §3.4): its status, the artifact
 * each pass has persisted (the checkpoint a restarted job resumes from), the approval decision, and
 * the result or error.
 *
 * <p>Life cycle: queued -> commissioning -> suspended-approval (PRD stored, approval required) |
 * idle (emitted: result) | failed (error code of the pass); suspended-approval -> queued (approved,
 * resume from the emit step) | rejected (rejected, or no decision before the deadline).
 *
 * <p>An idle session's stream stays open while the run it compiled works: the run's events go to
 * it. The session {@linkplain #runFinished learns that the run finished} (MONITORED) and
 * {@linkplain #end ends} once the run's outcomes have been recorded ({@code SESSION_COMPLETED} when
 * the run completed, {@code SESSION_FAILED} otherwise); nothing is told to its stream after that. A
 * session that failed or was rejected ended its stream when it did.
 */
public final class CommissioningSession {

  private final CommissioningSignal signal;
  private CommissioningStatus status;
  private final Map<Pass, String> artifacts = new EnumMap<>(Pass.class);
  private String resultRunId;
  private Integer resultAtomCount;
  private String errorCode;
  private String errorMessage;
  private Pass resumeFrom;
  private Long approvalDeadline;
  private String decision;
  private String approver;
  private String reason;
  private Long decidedAt;
  private RunStatus runStatus;
  private Long endedAt;
  private final long createdAt;
  private long updatedAt;

  private CommissioningSession(
      CommissioningSignal signal, CommissioningStatus status, long createdAt, long updatedAt) {
    this.signal = Objects.requireNonNull(signal, "signal");
    this.status = Objects.requireNonNull(status, "status");
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
  }

  /** A new session, queued (POST /signal). */
  public static CommissioningSession queued(CommissioningSignal signal, long now) {
    return new CommissioningSession(signal, CommissioningStatus.QUEUED, now, now);
  }

  /** A stored session, as persistence rebuilds it. */
  public static CommissioningSession restore(
      CommissioningSignal signal,
      CommissioningStatus status,
      Map<Pass, String> artifacts,
      String resultRunId,
      Integer resultAtomCount,
      String errorCode,
      String errorMessage,
      Pass resumeFrom,
      Long approvalDeadline,
      String decision,
      String approver,
      String reason,
      Long decidedAt,
      RunStatus runStatus,
      Long endedAt,
      long createdAt,
      long updatedAt) {
    CommissioningSession s = new CommissioningSession(signal, status, createdAt, updatedAt);
    s.artifacts.putAll(artifacts);
    s.resultRunId = resultRunId;
    s.resultAtomCount = resultAtomCount;
    s.errorCode = errorCode;
    s.errorMessage = errorMessage;
    s.resumeFrom = resumeFrom;
    s.approvalDeadline = approvalDeadline;
    s.decision = decision;
    s.approver = approver;
    s.reason = reason;
    s.decidedAt = decidedAt;
    s.runStatus = runStatus;
    s.endedAt = endedAt;
    return s;
  }

  /** The worker picked the session up (queued, or resumed after a crash). */
  public void start(long now) {
    if (status != CommissioningStatus.QUEUED && status != CommissioningStatus.COMMISSIONING) {
      throw new IllegalStateException(
          "session " + sessionId() + " is " + status.wireName() + ", it cannot run");
    }
    status = CommissioningStatus.COMMISSIONING;
    updatedAt = now;
  }

  public boolean isRunnable() {
    return status == CommissioningStatus.QUEUED || status == CommissioningStatus.COMMISSIONING;
  }

  /** CA-INV-003: the pass's artifact is persisted; the next pass may run. */
  public void recordArtifact(Pass pass, String artifactId, long now) {
    requireRunning();
    artifacts.put(pass, artifactId);
    updatedAt = now;
  }

  public boolean hasArtifact(Pass pass) {
    return artifacts.containsKey(pass);
  }

  public String artifact(Pass pass) {
    return artifacts.get(pass);
  }

  /** The ids of the artifacts produced so far, in pass order. */
  public List<String> artifactIds() {
    return List.copyOf(artifacts.values());
  }

  public Map<Pass, String> artifacts() {
    return Map.copyOf(artifacts);
  }

  /** Whether the gate must stop: approval is required and has not been granted. */
  public boolean needsApproval() {
    return signal.requireHumanApproval() && !"approve".equals(decision);
  }

  /** The gate stops the job until a human decides (CA-INV-007: a persisted status). */
  public void awaitApproval(long deadline, long now) {
    requireRunning();
    if (!hasArtifact(Pass.COMPILE_PRD)) {
      throw new IllegalStateException(
          "no intent specification to approve in session " + sessionId());
    }
    status = CommissioningStatus.SUSPENDED_APPROVAL;
    approvalDeadline = deadline;
    updatedAt = now;
  }

  /** Approved: the job resumes at the emit step only (Q5). */
  public void approve(String by, String why, long now) {
    requireSuspended();
    decide("approve", by, why, now);
    status = CommissioningStatus.QUEUED;
    resumeFrom = Pass.EMIT_TO_MEDIATION;
  }

  /** Rejected by a human: mediation is never called. */
  public void reject(String by, String why, long now) {
    requireSuspended();
    decide("reject", by, why, now);
    status = CommissioningStatus.REJECTED;
  }

  /** True when the approval deadline has passed without a decision. */
  public boolean approvalExpired(long now) {
    return status == CommissioningStatus.SUSPENDED_APPROVAL
        && approvalDeadline != null
        && now >= approvalDeadline;
  }

  /** No decision before the deadline: rejected (Q5). */
  public void expire(long now) {
    requireSuspended();
    decide("reject", "system", "no approval decision before the deadline", now);
    status = CommissioningStatus.REJECTED;
  }

  /** Mediation accepted the commission: the session is done. */
  public void emitted(String runId, int atomCount, long now) {
    requireRunning();
    resultRunId = runId;
    resultAtomCount = atomCount;
    status = CommissioningStatus.IDLE;
    resumeFrom = null;
    updatedAt = now;
  }

  /** A pass failed: the session ends with that pass's code. */
  public void fail(String code, String message, long now) {
    if (status.isFinal()) {
      return;
    }
    errorCode = code;
    errorMessage = message;
    status = CommissioningStatus.FAILED;
    updatedAt = now;
  }

  /**
   * The run this session compiled reached a terminal status (Q11). False, and nothing changes, when
   * {@code runId} is not the session's run or the session has already ended; a run reopened and
   * finished again updates the status.
   */
  public boolean runFinished(String runId, RunStatus status, long now) {
    Objects.requireNonNull(status, "status");
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("run status " + status + " is not terminal");
    }
    if (!awaitsRunEnd() || !runId.equals(resultRunId)) {
      return false;
    }
    runStatus = status;
    updatedAt = now;
    return true;
  }

  /** True while the session's stream waits for the end of its run: emitted (idle) and not ended. */
  public boolean awaitsRunEnd() {
    return status == CommissioningStatus.IDLE && resultRunId != null && endedAt == null;
  }

  /**
   * Ends the session after its run: COMPLETED when the run completed, FAILED when it ended with
   * failed or blocked atoms. Only once, and only after {@link #runFinished}.
   */
  public Outcome end(long now) {
    if (!awaitsRunEnd() || runStatus == null) {
      throw new IllegalStateException(
          "session " + sessionId() + " has no finished run to end with");
    }
    endedAt = now;
    updatedAt = now;
    return runStatus == RunStatus.COMPLETE ? Outcome.COMPLETED : Outcome.FAILED;
  }

  /** How a session that got as far as a run ended. */
  public enum Outcome {
    COMPLETED,
    FAILED
  }

  private void decide(String d, String by, String why, long now) {
    decision = d;
    approver = by;
    reason = why;
    decidedAt = now;
    updatedAt = now;
  }

  private void requireRunning() {
    if (status != CommissioningStatus.COMMISSIONING) {
      throw new IllegalStateException(
          "session " + sessionId() + " is " + status.wireName() + ", not commissioning");
    }
  }

  private void requireSuspended() {
    if (status != CommissioningStatus.SUSPENDED_APPROVAL) {
      throw new NotAwaitingApprovalException(sessionId(), status);
    }
  }

  public String sessionId() {
    return signal.sessionId();
  }

  public String orgId() {
    return signal.orgId();
  }

  public CommissioningSignal signal() {
    return signal;
  }

  public CommissioningStatus status() {
    return status;
  }

  public String isNodeId() {
    return artifacts.get(Pass.COMPILE_PRD);
  }

  public String resultRunId() {
    return resultRunId;
  }

  public Integer resultAtomCount() {
    return resultAtomCount;
  }

  public String errorCode() {
    return errorCode;
  }

  public String errorMessage() {
    return errorMessage;
  }

  public Pass resumeFrom() {
    return resumeFrom;
  }

  public Long approvalDeadline() {
    return approvalDeadline;
  }

  public String decision() {
    return decision;
  }

  public String approver() {
    return approver;
  }

  public String reason() {
    return reason;
  }

  public Long decidedAt() {
    return decidedAt;
  }

  /** The terminal status of the session's run, once it finished; null before. */
  public RunStatus runStatus() {
    return runStatus;
  }

  /** When the session's stream ended after its run; null before. */
  public Long endedAt() {
    return endedAt;
  }

  public long createdAt() {
    return createdAt;
  }

  public long updatedAt() {
    return updatedAt;
  }

  /**
   * Cancelled by a caller (the gateway's CancelSession, edges.md §2.1): a session that has not
   * ended (queued, commissioning or waiting at the gate) stops for good as {@code rejected}, with
   * decision {@code cancel} and who and why recorded; a job in the middle of a pass finds it no
   * longer {@code commissioning} and ends. A session that already ended refuses.
   */
  public void cancel(String by, String why, long now) {
    if (status.isFinal()) {
      throw new SessionEndedException(sessionId(), status);
    }
    decide("cancel", by, why, now);
    status = CommissioningStatus.REJECTED;
    resumeFrom = null;
  }
}
