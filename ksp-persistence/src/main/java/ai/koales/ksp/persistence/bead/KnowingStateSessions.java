package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.KnowingStateCache;
import ai.koales.ksp.domain.bead.KnowingStateSdk;
import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.bead.TrustEvaluation;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Map;

/**
 * The knowing-state SDK as a transactional boundary (core.md §4.2): each operation that writes
 * beads or sessions runs in one transaction. A retrieval needs none: it reads, then records itself
 * with one merging UPDATE ({@code SessionRepository#saveRetrieval}); a failed retrieval commits its
 * degradation on its own (INV-BG-008).
 */
@ApplicationScoped
public class KnowingStateSessions {

  @Inject JpaBeadGraph graph;
  @Inject JpaSessionRepository sessions;
  @Inject KnowingStateCache cache;
  @Inject Clock clock;

  private KnowingStateSdk sdk;

  @PostConstruct
  void start() {
    sdk = new KnowingStateSdk(graph, sessions, cache, clock);
  }

  @Transactional
  public KnowingStateSession open(String orgId, String roleId, String agentId) {
    return sdk.openSession(orgId, roleId, agentId);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public KnowingStateSession get(String orgId, String sessionId) {
    return sdk.session(orgId, sessionId);
  }

  public KnowingStateSdk.Retrieval retrieve(String orgId, String sessionId, String category) {
    return sdk.retrieve(orgId, sessionId, category);
  }

  @Transactional
  public TrustEvaluation evaluateTrust(String orgId, String sessionId, String subjectId) {
    return sdk.evaluateTrust(orgId, sessionId, subjectId);
  }

  @Transactional
  public KnowingStateSdk.Written writeExecution(
      String orgId, String sessionId, Map<String, Object> content) {
    return sdk.writeExecution(orgId, sessionId, content);
  }

  @Transactional
  public KnowingStateSdk.OutcomeWritten writeOutcome(
      String orgId, String sessionId, String executionBeadId, Map<String, Object> content) {
    return sdk.writeOutcome(orgId, sessionId, executionBeadId, content);
  }

  @Transactional
  public boolean checkConsent(String orgId, String sessionId, String action) {
    return sdk.checkConsent(orgId, sessionId, action);
  }

  @Transactional
  public void close(String orgId, String sessionId) {
    sdk.closeSession(orgId, sessionId);
  }
}
