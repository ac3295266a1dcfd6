package ai.koales.ksp.domain.bead;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * An agent's session against an org's knowing state (core.md §3 "SDK session" and "Loop-closure
 * session": one entity, the loop-closure fields optional, Q12).
 *
 * <p>Life cycle: opened with floor EXECUTE_FULL and no retrieval; a successful retrieval records
 * {@code ksRetrievedAt} and lowers the floor to the policy's autonomy (SUGGEST without a policy,
 * Q3); a failed retrieval lowers the floor to SUGGEST. The floor never rises again within a
 * session. It expires after 24 hours without activity.
 */
public final class KnowingStateSession {

  public static final Duration TIME_TO_LIVE = Duration.ofHours(24);

  private final String sessionId;
  private final String orgId;
  private final String roleId;
  private final String agentId;
  private AutonomyLevel autonomyFloor;
  private Long ksRetrievedAt;
  private long lastActiveAt;
  private final String activeSpecificationId;
  private final String policyBeadId;
  private final String trustBeadId;
  private final String graphId;

  public KnowingStateSession(
      String sessionId,
      String orgId,
      String roleId,
      String agentId,
      AutonomyLevel autonomyFloor,
      Long ksRetrievedAt,
      long lastActiveAt,
      String activeSpecificationId,
      String policyBeadId,
      String trustBeadId,
      String graphId) {
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.orgId = Objects.requireNonNull(orgId, "orgId");
    this.roleId = Objects.requireNonNull(roleId, "roleId");
    this.agentId = Objects.requireNonNull(agentId, "agentId");
    this.autonomyFloor = Objects.requireNonNull(autonomyFloor, "autonomyFloor");
    this.ksRetrievedAt = ksRetrievedAt;
    this.lastActiveAt = lastActiveAt;
    this.activeSpecificationId = activeSpecificationId;
    this.policyBeadId = policyBeadId;
    this.trustBeadId = trustBeadId;
    this.graphId = graphId;
  }

  /** A knowing-state SDK session (§4.2 openSession): floor EXECUTE_FULL, nothing retrieved yet. */
  public static KnowingStateSession open(String orgId, String roleId, String agentId, long now) {
    return new KnowingStateSession(
        UUID.randomUUID().toString(),
        orgId,
        roleId,
        agentId,
        AutonomyLevel.EXECUTE_FULL,
        null,
        now,
        null,
        null,
        null,
        null);
  }

  /**
   * A loop-closure session (§4.4 BP1): born retrieved, with the floor, policy and trust beads and
   * the active specification found by that retrieval.
   */
  public static KnowingStateSession openRetrieved(
      String orgId,
      String roleId,
      String agentId,
      AutonomyLevel floor,
      String policyBeadId,
      String trustBeadId,
      String activeSpecificationId,
      String graphId,
      long now) {
    return new KnowingStateSession(
        UUID.randomUUID().toString(),
        orgId,
        roleId,
        agentId,
        floor,
        now,
        now,
        activeSpecificationId,
        policyBeadId,
        trustBeadId,
        graphId);
  }

  /** I2 / INV-BG-003: a retrieval happened (from the graph or the cache: review P2). */
  public void recordRetrieval(KnowingStateSnapshot snapshot, long now) {
    ksRetrievedAt = now;
    AutonomyLevel allowed = snapshot.policyAutonomy().orElse(AutonomyLevel.SUGGEST);
    autonomyFloor = AutonomyLevel.min(autonomyFloor, allowed);
    touch(now);
  }

  /** I4 / INV-BG-008: retrieval failed, so the agent may only suggest from now on. */
  public void degrade(long now) {
    autonomyFloor = AutonomyLevel.SUGGEST;
    touch(now);
  }

  /** I2 / INV-BG-003: the first check before an execution bead (§4.2 writeExecutionBead). */
  public void requireRetrieval() {
    if (ksRetrievedAt == null) {
      throw new SessionNotInitializedException(sessionId);
    }
  }

  /**
   * The checks before an execution bead, in order (§4.2 writeExecutionBead): retrieved first, then
   * the requested level must not exceed the floor (Q4: requested ≤ floor).
   */
  public void authorizeExecution(AutonomyLevel requested) {
    requireRetrieval();
    if (requested.isAbove(autonomyFloor)) {
      throw new AutonomyDegradedException(requested, autonomyFloor);
    }
  }

  public void touch(long now) {
    lastActiveAt = Math.max(lastActiveAt, now);
  }

  public long expiresAt() {
    return lastActiveAt + TIME_TO_LIVE.toMillis();
  }

  public boolean isExpiredAt(long now) {
    return now >= expiresAt();
  }

  public String sessionId() {
    return sessionId;
  }

  public String orgId() {
    return orgId;
  }

  public String roleId() {
    return roleId;
  }

  public String agentId() {
    return agentId;
  }

  public AutonomyLevel autonomyFloor() {
    return autonomyFloor;
  }

  public Long ksRetrievedAt() {
    return ksRetrievedAt;
  }

  public long lastActiveAt() {
    return lastActiveAt;
  }

  public String activeSpecificationId() {
    return activeSpecificationId;
  }

  public String policyBeadId() {
    return policyBeadId;
  }

  public String trustBeadId() {
    return trustBeadId;
  }

  public String graphId() {
    return graphId;
  }
}
