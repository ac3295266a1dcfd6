package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.AutonomyLevel;
import ai.koales.ksp.domain.bead.KnowingStateSession;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A stored knowing-state session. */
@Entity
@Table(name = "ksp_session")
public class SessionRow {

  @Id
  @Column(name = "session_id")
  private String sessionId;

  @Column(name = "org_id", nullable = false)
  private String orgId;

  @Column(name = "role_id", nullable = false)
  private String roleId;

  @Column(name = "agent_id", nullable = false)
  private String agentId;

  @Column(name = "autonomy_floor", nullable = false)
  private String autonomyFloor;

  @Column(name = "ks_retrieved_at")
  private Long ksRetrievedAt;

  @Column(name = "last_active_at", nullable = false)
  private long lastActiveAt;

  @Column(name = "expires_at", nullable = false)
  private long expiresAt;

  @Column(name = "active_specification_id")
  private String activeSpecificationId;

  @Column(name = "policy_bead_id")
  private String policyBeadId;

  @Column(name = "trust_bead_id")
  private String trustBeadId;

  @Column(name = "graph_id")
  private String graphId;

  // Optimistic lock: a concurrent save must not undo a degradation to SUGGEST.
  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected SessionRow() {}

  SessionRow(String sessionId) {
    this.sessionId = sessionId;
  }

  void copyFrom(KnowingStateSession s) {
    orgId = s.orgId();
    roleId = s.roleId();
    agentId = s.agentId();
    autonomyFloor = s.autonomyFloor().name();
    ksRetrievedAt = s.ksRetrievedAt();
    lastActiveAt = s.lastActiveAt();
    expiresAt = s.expiresAt();
    activeSpecificationId = s.activeSpecificationId();
    policyBeadId = s.policyBeadId();
    trustBeadId = s.trustBeadId();
    graphId = s.graphId();
  }

  KnowingStateSession toSession() {
    return new KnowingStateSession(
        sessionId,
        orgId,
        roleId,
        agentId,
        AutonomyLevel.valueOf(autonomyFloor),
        ksRetrievedAt,
        lastActiveAt,
        activeSpecificationId,
        policyBeadId,
        trustBeadId,
        graphId);
  }

  String autonomyFloor() {
    return autonomyFloor;
  }
}
