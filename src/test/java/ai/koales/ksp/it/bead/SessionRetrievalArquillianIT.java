package ai.koales.ksp.it.bead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.koales.ksp.domain.bead.AutonomyLevel;
import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.bead.SessionNotFoundException;
import ai.koales.ksp.it.support.Wars;
import ai.koales.ksp.persistence.bead.JpaSessionRepository;
import ai.koales.ksp.persistence.bead.KnowingStateSessions;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A retrieval records itself with one merging UPDATE outside any transaction (core.md §4.2, review
 * P2): what it merges must commute with a degradation that committed between the retrieval's read
 * and its write, which no request can time on purpose, so it is driven here, in the container.
 */
@ExtendWith(ArquillianExtension.class)
class SessionRetrievalArquillianIT {

  /** An issuer configured: no endpoint is called, and development mode would write keys. */
  @Deployment
  static WebArchive deployment() throws IOException {
    return Wars.withConfig("mp.jwt.verify.issuer=urn:ksp:session-retrieval-it");
  }

  @Inject KnowingStateSessions sessions;
  @Inject JpaSessionRepository repository;

  static String org() {
    return "ret-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aRetrievalRecordedAfterAConcurrentDegradationKeepsTheSuggestFloor_INV_BG_008() {
    String org = org();
    KnowingStateSession opened = sessions.open(org, "role-1", "agent-1");
    // The retrieval read the session while its floor was EXECUTE_FULL ...
    KnowingStateSession read = repository.find(opened.sessionId()).orElseThrow();
    // ... then another retrieval of the same session failed and committed SUGGEST ...
    repository.saveDegraded(repository.find(opened.sessionId()).orElseThrow());
    // ... and now this retrieval records itself with the floor it computed.
    long later = read.lastActiveAt() + 1_000;
    KnowingStateSession retrieved =
        new KnowingStateSession(
            read.sessionId(),
            read.orgId(),
            read.roleId(),
            read.agentId(),
            AutonomyLevel.EXECUTE_BOUNDED,
            later,
            later,
            null,
            null,
            null,
            null);
    repository.saveRetrieval(retrieved);

    KnowingStateSession stored = repository.find(opened.sessionId()).orElseThrow();
    assertEquals(AutonomyLevel.SUGGEST, stored.autonomyFloor(), "a floor is never raised");
    assertEquals(later, stored.ksRetrievedAt());
    assertEquals(later, stored.lastActiveAt());
  }

  @Test
  void aRetrievalLowersTheFloorAndNeverMovesTimesBack() {
    KnowingStateSession opened = sessions.open(org(), "role-1", "agent-1");
    long t = opened.lastActiveAt() + 5_000;
    repository.saveRetrieval(copy(opened, AutonomyLevel.PROPOSE, t));
    // A slower retrieval that read earlier and computed a higher floor arrives second.
    repository.saveRetrieval(copy(opened, AutonomyLevel.EXECUTE_FULL, t - 3_000));

    KnowingStateSession stored = repository.find(opened.sessionId()).orElseThrow();
    assertEquals(AutonomyLevel.PROPOSE, stored.autonomyFloor());
    assertEquals(t, stored.ksRetrievedAt());
    assertEquals(t, stored.lastActiveAt());
  }

  @Test
  void aRetrievalOfASessionClosedMeanwhileIsRefused() {
    String org = org();
    KnowingStateSession opened = sessions.open(org, "role-1", "agent-1");
    sessions.close(org, opened.sessionId());
    assertThrows(
        SessionNotFoundException.class,
        () ->
            repository.saveRetrieval(
                copy(opened, AutonomyLevel.EXECUTE_FULL, opened.lastActiveAt() + 1)));
  }

  static KnowingStateSession copy(KnowingStateSession s, AutonomyLevel floor, long at) {
    return new KnowingStateSession(
        s.sessionId(), s.orgId(), s.roleId(), s.agentId(), floor, at, at, null, null, null, null);
  }
}
