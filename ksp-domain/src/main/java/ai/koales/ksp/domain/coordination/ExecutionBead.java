package ai.koales.ksp.domain.coordination;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An execution bead: one atom of a run's DAG and its execution state (coordination.md §1.2, §3.1).
 * The state machine lives here; persistence stores a transition as a compare-and-set against the
 * row as it was loaded ({@link #storedStatus()}, {@link #storedVersion()}), so that a change which
 * lost a race writes nothing (INV-C1).
 *
 * <p>Invariants: a claim moves READY to IN_PROGRESS only when every parent is satisfied (INV-C2)
 * and counts one attempt; release, fail, heartbeat and consent need the current lease token and
 * IN_PROGRESS (INV-C3, P7); DONE and FAILED never change again (P14). A stale rescue clears the
 * holder and the lease, so a late call by the old holder is refused (scenario 14).
 */
public final class ExecutionBead {

  /** The agent name audits carry for transitions made by the server rather than an agent. */
  public static final String DISPATCHER = "ksp-dispatcher";

  public static final String SWEEP = "ksp-sweep";

  private final String runId;
  private final String id;
  private final String moleculeId;
  private final String gearId;
  private final String nodeId;
  private final String role;
  private final Object payload;
  private final long createdAt;

  private BeadStatus status;
  private String assignedTo;
  private int attemptCount;
  private Object result;
  private long updatedAt;
  private String leaseToken;
  private Long lastHeartbeatAt;
  private String sessionId;
  private String executionBeadId;
  private int toolCallCount;
  private final int pendingParents;
  private long version;

  private BeadStatus storedStatus;
  private long storedVersion;

  /** Rebuilds a bead as stored. */
  public ExecutionBead(
      String runId,
      String id,
      String moleculeId,
      String gearId,
      String nodeId,
      String role,
      Object payload,
      long createdAt,
      BeadStatus status,
      String assignedTo,
      int attemptCount,
      Object result,
      long updatedAt,
      String leaseToken,
      Long lastHeartbeatAt,
      String sessionId,
      String executionBeadId,
      int toolCallCount,
      int pendingParents,
      long version) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.id = Objects.requireNonNull(id, "id");
    this.moleculeId = Objects.requireNonNull(moleculeId, "moleculeId");
    this.gearId = Objects.requireNonNull(gearId, "gearId");
    this.nodeId = nodeId;
    this.role = Objects.requireNonNull(role, "role");
    this.payload = payload;
    this.createdAt = createdAt;
    this.status = Objects.requireNonNull(status, "status");
    this.assignedTo = assignedTo;
    this.attemptCount = attemptCount;
    this.result = result;
    this.updatedAt = updatedAt;
    this.leaseToken = leaseToken;
    this.lastHeartbeatAt = lastHeartbeatAt;
    this.sessionId = sessionId;
    this.executionBeadId = executionBeadId;
    this.toolCallCount = toolCallCount;
    this.pendingParents = pendingParents;
    this.version = version;
    this.storedStatus = status;
    this.storedVersion = version;
  }

  /**
   * §4.1 seed: a new READY bead, attempt 0 (UNSEEDED → READY), waiting for {@code pendingParents}
   * parents that are not satisfied yet.
   */
  public static ExecutionBead seed(
      String runId,
      String id,
      String moleculeId,
      String gearId,
      String nodeId,
      String role,
      Object payload,
      int pendingParents,
      long now) {
    return new ExecutionBead(
        runId,
        id,
        moleculeId,
        gearId,
        nodeId,
        role,
        payload,
        now,
        BeadStatus.READY,
        null,
        0,
        null,
        now,
        null,
        null,
        null,
        null,
        0,
        pendingParents,
        1);
  }

  /**
   * §4.1 claim. Only a READY bead whose parents are all satisfied is claimed: it becomes
   * IN_PROGRESS under {@code agentId} with a fresh lease and one more attempt. Anything else is
   * reported and changes nothing.
   */
  public ClaimOutcome claimBy(
      String agentId, boolean parentsSatisfied, String newLeaseToken, long now) {
    if (status.isTerminal()) {
      return ClaimOutcome.TERMINAL;
    }
    if (status == BeadStatus.IN_PROGRESS) {
      return ClaimOutcome.ALREADY_CLAIMED;
    }
    if (!parentsSatisfied) {
      return ClaimOutcome.NOT_READY;
    }
    status = BeadStatus.IN_PROGRESS;
    assignedTo = Objects.requireNonNull(agentId, "agentId");
    attemptCount++;
    leaseToken = Objects.requireNonNull(newLeaseToken, "leaseToken");
    lastHeartbeatAt = now;
    updatedAt = now;
    result = null;
    sessionId = null;
    executionBeadId = null;
    toolCallCount = 0;
    return ClaimOutcome.CLAIMED;
  }

  /** The knowing-state session opened for this claim and the execution bead it recorded (P1). */
  public void attachSession(String sessionId, String executionBeadId) {
    requireStatus(BeadStatus.IN_PROGRESS);
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.executionBeadId = Objects.requireNonNull(executionBeadId, "executionBeadId");
  }

  /**
   * §4.1 heartbeat: the holder is alive; returns the new lease expiry. On a DONE or FAILED bead it
   * is {@link LeaseLostException} (api.md: heartbeat answers only {@code lease-lost}).
   */
  public long heartbeat(String token, long now, long staleAfterMillis) {
    if (status.isTerminal()) {
      throw new LeaseLostException(id, status);
    }
    requireHolder(token);
    lastHeartbeatAt = now;
    updatedAt = now;
    return leaseExpiresAt(staleAfterMillis);
  }

  /** §4.1 release by the holder: DONE with the result. */
  public void releaseBy(String token, Object result, long now) {
    requireHolder(token);
    status = BeadStatus.DONE;
    this.result = result;
    leaseToken = null;
    updatedAt = now;
  }

  /** §4.1 fail by the holder: FAILED with {@code {error}}. */
  public void failBy(String token, Object error, long now) {
    requireHolder(token);
    fail(error, now);
  }

  /**
   * A tool call of the holder (I4); counted for the outcome's toolCallCount. It is also a sign of
   * life: §3.1 rescues a bead after 5 minutes "without update/heartbeat", and a holder that is
   * calling tools is working, so the call renews the lease as a heartbeat does.
   */
  public void recordToolCall(String token, long now) {
    requireHolder(token);
    toolCallCount++;
    lastHeartbeatAt = now;
    updatedAt = now;
  }

  /** I4: the holder called a tool it is not permitted: the atom is aborted. */
  public void denyConsent(String token, String toolName, String toolCallId, long now) {
    requireHolder(token);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("error", "consent-denied");
    error.put("message", new ConsentDeniedException(toolName, id).getMessage());
    error.put("toolName", toolName);
    error.put("toolCallId", toolCallId);
    fail(error, now);
  }

  /**
   * The stale sweep (§4.1 sweep): an IN_PROGRESS bead without a heartbeat for the threshold goes
   * back to READY with no holder and no lease; once its attempts reach {@code maxAttempts} it goes
   * FAILED instead (verdict timed_out).
   */
  public RescueOutcome rescue(long now, int maxAttempts) {
    requireStatus(BeadStatus.IN_PROGRESS);
    if (attemptCount >= maxAttempts) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", "timed_out");
      error.put("attempts", attemptCount);
      fail(error, now);
      return RescueOutcome.TIMED_OUT;
    }
    status = BeadStatus.READY;
    assignedTo = null;
    leaseToken = null;
    lastHeartbeatAt = null;
    updatedAt = now;
    return RescueOutcome.RESCUED;
  }

  /** P8: a READY bead whose payload is not a valid directive is failed by the dispatcher. */
  public void quarantine(Object error, long now) {
    requireStatus(BeadStatus.READY);
    fail(error, now);
  }

  /** Whether the holder has been silent longer than {@code staleAfterMillis} at {@code now}. */
  public boolean isStaleAt(long now, long staleAfterMillis) {
    return status == BeadStatus.IN_PROGRESS
        && lastHeartbeatAt != null
        && lastHeartbeatAt < now - staleAfterMillis;
  }

  public long leaseExpiresAt(long staleAfterMillis) {
    return (lastHeartbeatAt == null ? updatedAt : lastHeartbeatAt) + staleAfterMillis;
  }

  /** Persistence stored the current state: it becomes the compare half of the next change. */
  public void markStored() {
    version = storedVersion + 1;
    storedVersion = version;
    storedStatus = status;
  }

  private void fail(Object error, long now) {
    status = BeadStatus.FAILED;
    result = error instanceof Map<?, ?> ? error : errorOf(error);
    leaseToken = null;
    updatedAt = now;
  }

  private static Map<String, Object> errorOf(Object error) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", error);
    return m;
  }

  private void requireHolder(String token) {
    if (status.isTerminal()) {
      throw new BeadTerminalException(id, status);
    }
    if (status != BeadStatus.IN_PROGRESS || token == null || !token.equals(leaseToken)) {
      throw new LeaseLostException(id);
    }
  }

  private void requireStatus(BeadStatus expected) {
    if (status != expected) {
      throw new IllegalStateException("bead " + id + " is " + status + ", not " + expected);
    }
  }

  public String runId() {
    return runId;
  }

  public String id() {
    return id;
  }

  public String moleculeId() {
    return moleculeId;
  }

  public String gearId() {
    return gearId;
  }

  public String nodeId() {
    return nodeId;
  }

  public String role() {
    return role;
  }

  public Object payload() {
    return payload;
  }

  public long createdAt() {
    return createdAt;
  }

  public BeadStatus status() {
    return status;
  }

  public String assignedTo() {
    return assignedTo;
  }

  public int attemptCount() {
    return attemptCount;
  }

  public Object result() {
    return result;
  }

  public long updatedAt() {
    return updatedAt;
  }

  public String leaseToken() {
    return leaseToken;
  }

  public Long lastHeartbeatAt() {
    return lastHeartbeatAt;
  }

  public String sessionId() {
    return sessionId;
  }

  public String executionBeadId() {
    return executionBeadId;
  }

  public int toolCallCount() {
    return toolCallCount;
  }

  /**
   * How many parents are not satisfied yet (not DONE; or not terminal, when the run continues on
   * failure). Kept by the repository as parents settle, so that finding a claimable bead is an
   * index lookup; the claim's conditional UPDATE still checks the parents themselves (INV-C2).
   */
  public int pendingParents() {
    return pendingParents;
  }

  public boolean parentsSatisfied() {
    return pendingParents == 0;
  }

  public long version() {
    return version;
  }

  public BeadStatus storedStatus() {
    return storedStatus;
  }

  public long storedVersion() {
    return storedVersion;
  }
}
