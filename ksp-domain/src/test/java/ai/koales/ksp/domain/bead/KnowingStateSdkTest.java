package ai.koales.ksp.domain.bead;

import static ai.koales.ksp.domain.bead.TestFixtures.T0;
import static ai.koales.ksp.domain.bead.TestFixtures.bead;
import static ai.koales.ksp.domain.bead.TestFixtures.consent;
import static ai.koales.ksp.domain.bead.TestFixtures.execution;
import static ai.koales.ksp.domain.bead.TestFixtures.policy;
import static ai.koales.ksp.domain.bead.TestFixtures.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.bead.TestFixtures.InMemorySessions;
import ai.koales.ksp.domain.bead.TestFixtures.MapCache;
import ai.koales.ksp.domain.bead.TestFixtures.MutableClock;
import ai.koales.ksp.domain.bead.TestFixtures.ThrowingCache;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The knowing-state SDK, core.md §4.2 and §8 scenarios 12-22. */
class KnowingStateSdkTest {

  static final String ORG = "org-1";

  final MutableClock clock = new MutableClock(T0);
  final MapCache cache = new MapCache();
  final InMemoryBeadGraph graph = new InMemoryBeadGraph(cache);
  final InMemorySessions sessions = new InMemorySessions();
  final KnowingStateSdk sdk = new KnowingStateSdk(graph, sessions, cache, clock);

  @Test
  void aKnowingStateReadWhileAWriteCommittedIsReturnedButNotCached() {
    // The cache sees a write's invalidation right after the reader took its stamp, i.e. while the
    // reader is reading the graph: what it read may be what the write replaced.
    MapCache racing =
        new MapCache() {
          @Override
          public long stamp(String key) {
            long stamp = super.stamp(key);
            invalidatePrefix(CacheKeys.knowingStatePrefix(ORG));
            return stamp;
          }
        };
    KnowingStateSdk racy = new KnowingStateSdk(graph, sessions, racing, clock);
    KnowingStateSession s = racy.openSession(ORG, "role-1", "agent-1");
    assertThat(racy.retrieve(ORG, s.sessionId(), null).cacheHit()).isFalse();
    assertThat(racing.entries).doesNotContainKey(CacheKeys.knowingState(ORG, "role-1", null));
    // Without a write in between, the next read is cached as usual.
    KnowingStateSession t = sdk.openSession(ORG, "role-1", "agent-2");
    sdk.retrieve(ORG, t.sessionId(), null);
    assertThat(sdk.retrieve(ORG, t.sessionId(), null).cacheHit()).isTrue();
  }

  @Test
  void scenario12_anEmptyOrgKnowsNothing() {
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    KnowingState ks = sdk.retrieve(ORG, s.sessionId(), null).knowingState();
    assertThat(ks.policy()).isNull();
    assertThat(ks.trustedSubjects()).isEmpty();
    assertThat(ks.consent()).isNull();
  }

  @Test
  void scenario13_theRolesPolicyTheApprovedSubjectsBestFirstAndTheRolesConsent() {
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "EXECUTE_FULL"), 1000));
    Bead role1 = bead(ORG, BeadType.POLICY, policy("role-1", "EXECUTE_BOUNDED"), 2000);
    graph.add(role1);
    graph.add(bead(ORG, BeadType.POLICY, policy("role-2", "PROPOSE"), 3000));
    graph.add(bead(ORG, BeadType.TRUST, trust("v-a", "vendor", "APPROVED", 0.6), 1000));
    graph.add(bead(ORG, BeadType.TRUST, trust("v-b", "vendor", "APPROVED", 0.9), 1000));
    graph.add(bead(ORG, BeadType.TRUST, trust("v-c", "vendor", "PENDING", 0.99), 1000));
    graph.add(bead(ORG, BeadType.CONSENT, consent("role-1", "ACTIVE", List.of("purchase")), 1000));

    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    KnowingState ks = sdk.retrieve(ORG, s.sessionId(), null).knowingState();

    assertThat(ks.policy()).isEqualTo(role1.content());
    assertThat(ks.trustedSubjects())
        .extracting(t -> ((Number) t.get("trust_score")).doubleValue())
        .containsExactly(0.9, 0.6);
    assertThat(ks.consent()).isEqualTo(Map.of("grants", List.of("purchase")));
  }

  @Test
  void scenario14_aSupersededTrustBeadIsNeitherHeadNorTrusted() {
    Bead t1 = bead(ORG, BeadType.TRUST, trust("vendor-1", "vendor", "APPROVED", 0.6), 1000);
    graph.add(t1);
    Bead t2 =
        bead(
            ORG,
            BeadType.TRUST,
            trust("vendor-1", "vendor", "APPROVED", 0.95),
            2000,
            t1.id().value());
    graph.supersede(t2, t1);

    assertThat(graph.currentTrust(ORG, "vendor-1")).contains(t2);
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    assertThat(sdk.retrieve(ORG, s.sessionId(), null).knowingState().trustedSubjects())
        .containsExactly(t2.content());
  }

  @Test
  void scenario15_trustScoreThresholdsGiveTheAutonomy() {
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    double[] scores = {0.95, 0.7, 0.5, 0.3};
    AutonomyLevel[] expected = {
      AutonomyLevel.EXECUTE_FULL,
      AutonomyLevel.EXECUTE_BOUNDED,
      AutonomyLevel.PROPOSE,
      AutonomyLevel.SUGGEST
    };
    for (int i = 0; i < scores.length; i++) {
      graph.add(bead(ORG, BeadType.TRUST, trust("s-" + i, "vendor", "APPROVED", scores[i]), 1000));
      TrustEvaluation e = sdk.evaluateTrust(ORG, s.sessionId(), "s-" + i);
      assertThat(e.trusted()).isTrue();
      assertThat(e.autonomy()).isEqualTo(expected[i]);
    }
    graph.add(bead(ORG, BeadType.TRUST, trust("suspended", "vendor", "SUSPENDED", 0.95), 1000));
    TrustEvaluation suspended = sdk.evaluateTrust(ORG, s.sessionId(), "suspended");
    assertThat(suspended.trusted()).isFalse();
    assertThat(suspended.autonomy()).isEqualTo(AutonomyLevel.SUGGEST);
    assertThat(sdk.evaluateTrust(ORG, s.sessionId(), "nobody"))
        .isEqualTo(new TrustEvaluation(false, null, AutonomyLevel.SUGGEST));
  }

  @Test
  void trustEvaluationReportsWhatTheScoreEarnsAndTheFloorBindsOnTheWrite_Q4() {
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "PROPOSE"), 1000));
    Bead v = bead(ORG, BeadType.TRUST, trust("v", "vendor", "APPROVED", 0.95), 1000);
    graph.add(v);
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    sdk.retrieve(ORG, s.sessionId(), null);
    assertThat(sdk.evaluateTrust(ORG, s.sessionId(), "v").autonomy())
        .as("§4.2 defines the autonomy from the score alone")
        .isEqualTo(AutonomyLevel.EXECUTE_FULL);
    assertThatThrownBy(
            () -> sdk.writeExecution(ORG, s.sessionId(), execution("EXECUTE_FULL", v.id().value())))
        .isInstanceOf(AutonomyDegradedException.class);
    assertThat(
            sdk.writeExecution(ORG, s.sessionId(), execution("PROPOSE", v.id().value())).created())
        .isTrue();
  }

  @Test
  void scenario16_noExecutionBeforeRetrieval_INV_BG_003() {
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    assertThatThrownBy(() -> sdk.writeExecution(ORG, s.sessionId(), execution("EXECUTE_FULL", "")))
        .isInstanceOf(SessionNotInitializedException.class)
        .isNotInstanceOf(SessionNotFoundException.class);
    assertThat(graph.beads).isEmpty();
  }

  @Test
  void aSessionThatHasNotRetrievedIsRefusedAsSuchWhateverItSends_checkOrder() {
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    Map<String, Object> badLevel = execution("NOT_A_LEVEL", "");
    assertThatThrownBy(() -> sdk.writeExecution(ORG, s.sessionId(), badLevel))
        .isInstanceOf(SessionNotInitializedException.class);
    assertThatThrownBy(() -> sdk.writeExecution(ORG, s.sessionId(), null))
        .isInstanceOf(SessionNotInitializedException.class);
    assertThatThrownBy(() -> sdk.writeExecution(ORG, s.sessionId(), Map.of()))
        .isInstanceOf(SessionNotInitializedException.class);
    sdk.retrieve(ORG, s.sessionId(), null);
    assertThatThrownBy(() -> sdk.writeExecution(ORG, s.sessionId(), badLevel))
        .isInstanceOf(BeadValidationException.class)
        .hasMessageContaining("content.autonomy_level");
    assertThat(graph.beads).isEmpty();
  }

  @Test
  void rolesAndCategoriesThatWouldBreakCacheKeysAreRefused() {
    assertThatThrownBy(() -> sdk.openSession(ORG, "a:b", "agent-1"))
        .isInstanceOf(ai.koales.ksp.domain.shared.InvalidInputException.class)
        .hasMessageContaining("roleId");
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    for (String category : List.of("*", "b:*", "", " ")) {
      assertThatThrownBy(() -> sdk.retrieve(ORG, s.sessionId(), category))
          .as(category)
          .isInstanceOf(ai.koales.ksp.domain.shared.InvalidInputException.class)
          .hasMessageContaining("category");
    }
    assertThat(cache.entries).isEmpty();
    assertThat(sessions.saved.get(s.sessionId()).ksRetrievedAt()).isNull();
  }

  @Test
  void aCachedKnowingStateExpiresWhenAPolicyWindowEnds_Q6() {
    Map<String, Object> current = policy("org", "EXECUTE_BOUNDED");
    current.put("expires_at", "2026-06-10T00:30:00Z");
    graph.add(bead(ORG, BeadType.POLICY, current, 1000));
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    sdk.retrieve(ORG, s.sessionId(), null);
    assertThat(cache.ttls.get("ks:org-1:role-1:*")).isEqualTo(java.time.Duration.ofMinutes(30));
  }

  @Test
  void aCachedKnowingStateExpiresWhenANewerPolicyTakesEffect_Q6() {
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "EXECUTE_BOUNDED"), 1000));
    Map<String, Object> later = policy("role-1", "PROPOSE");
    later.put("effective_at", "2026-06-10T00:10:00Z");
    graph.add(bead(ORG, BeadType.POLICY, later, 2000));
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    KnowingStateSdk.Retrieval r = sdk.retrieve(ORG, s.sessionId(), null);
    assertThat(r.knowingState().policy()).containsEntry("autonomy", "EXECUTE_BOUNDED");
    assertThat(cache.ttls.get("ks:org-1:role-1:*")).isEqualTo(java.time.Duration.ofMinutes(10));
  }

  @Test
  void aCachedKnowingStateAndGrantExpireWithTheConsent_Q6() {
    Map<String, Object> c = consent("role-1", "ACTIVE", List.of("purchase"));
    c.put("expires_at", "2026-06-10T00:05:00Z");
    graph.add(bead(ORG, BeadType.CONSENT, c, 1000));
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    sdk.retrieve(ORG, s.sessionId(), null);
    assertThat(cache.ttls.get("ks:org-1:role-1:*")).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(sdk.checkConsent(ORG, s.sessionId(), "purchase")).isTrue();
    assertThat(cache.ttls.get(CacheKeys.consent(ORG, "role-1")))
        .isEqualTo(java.time.Duration.ofMinutes(5));
  }

  @Test
  void aKnowingStateWithoutTimeBoundariesIsCachedForAnHour() {
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "EXECUTE_BOUNDED"), 1000));
    graph.add(bead(ORG, BeadType.CONSENT, consent("role-1", "ACTIVE", List.of("a")), 1000));
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    sdk.retrieve(ORG, s.sessionId(), null);
    assertThat(cache.ttls.get("ks:org-1:role-1:*")).isEqualTo(CacheKeys.KNOWING_STATE_TTL);
  }

  @Test
  void scenario17_aCacheHitServesASecondSessionWithoutTouchingTheGraphAndStillCountsAsRetrieval() {
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "EXECUTE_FULL"), 1000));
    KnowingStateSession a = sdk.openSession(ORG, "role-1", "agent-a");
    sdk.retrieve(ORG, a.sessionId(), null);
    assertThat(cache.entries).containsKey("ks:org-1:role-1:*");

    KnowingStateSession b = sdk.openSession(ORG, "role-1", "agent-b");
    clock.millis = T0 + 5000;
    int readsBefore = graph.reads;
    KnowingStateSdk.Retrieval r = sdk.retrieve(ORG, b.sessionId(), null);

    assertThat(graph.reads).isEqualTo(readsBefore);
    assertThat(r.cacheHit()).isTrue();
    assertThat(sessions.saved.get(b.sessionId()).ksRetrievedAt()).isEqualTo(T0 + 5000);
    assertThat(r.knowingState().retrievedAt()).as("the snapshot's own time (Q5)").isEqualTo(T0);
    assertThat(sdk.writeExecution(ORG, b.sessionId(), execution("SUGGEST", "")).created()).isTrue();
  }

  @Test
  void scenario18_aFailedRetrievalDegradesToSuggestPersistedOnItsOwn_INV_BG_008() {
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "EXECUTE_FULL"), 1000));
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    sdk.retrieve(ORG, s.sessionId(), null);
    graph.failTrustReadsForCategory = "x"::equals;

    assertThatThrownBy(() -> sdk.retrieve(ORG, s.sessionId(), "x"))
        .isInstanceOf(KnowingStateUnavailableException.class)
        .hasCauseInstanceOf(IllegalStateException.class);

    assertThat(sessions.degradedSaves).containsExactly(s.sessionId());
    assertThat(sessions.saved.get(s.sessionId()).autonomyFloor()).isEqualTo(AutonomyLevel.SUGGEST);
    assertThatThrownBy(() -> sdk.writeExecution(ORG, s.sessionId(), execution("EXECUTE_FULL", "")))
        .isInstanceOf(AutonomyDegradedException.class);
    assertThat(sdk.writeExecution(ORG, s.sessionId(), execution("SUGGEST", "")).created()).isTrue();
  }

  @Test
  void noInSessionRecovery_aLaterSuccessfulRetrievalKeepsSuggest() {
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "EXECUTE_FULL"), 1000));
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    graph.failTrustReadsForCategory = "x"::equals;
    assertThatThrownBy(() -> sdk.retrieve(ORG, s.sessionId(), "x"))
        .isInstanceOf(KnowingStateUnavailableException.class);
    sdk.retrieve(ORG, s.sessionId(), null);
    assertThat(sdk.session(ORG, s.sessionId()).autonomyFloor()).isEqualTo(AutonomyLevel.SUGGEST);
  }

  @Test
  void anOrgWithoutPolicyGivesSuggest_Q3_andAnEmptyTrustSetDoesNotDegrade() {
    KnowingStateSession noPolicy = sdk.openSession(ORG, "role-1", "agent-1");
    sdk.retrieve(ORG, noPolicy.sessionId(), null);
    assertThat(sdk.session(ORG, noPolicy.sessionId()).autonomyFloor())
        .isEqualTo(AutonomyLevel.SUGGEST);

    graph.add(bead("org-2", BeadType.POLICY, policy("org", "EXECUTE_BOUNDED"), 1000));
    KnowingStateSession withPolicy = sdk.openSession("org-2", "role-1", "agent-1");
    sdk.retrieve("org-2", withPolicy.sessionId(), null);
    assertThat(sdk.session("org-2", withPolicy.sessionId()).autonomyFloor())
        .isEqualTo(AutonomyLevel.EXECUTE_BOUNDED);
  }

  @Test
  void policiesNotYetEffectiveOrExpiredAreSkipped_Q6() {
    Map<String, Object> future = policy("org", "EXECUTE_FULL");
    future.put("effective_at", "2026-07-01T00:00:00Z");
    Map<String, Object> expired = policy("org", "PROPOSE");
    expired.put("expires_at", "2026-06-05T00:00:00Z");
    Map<String, Object> current = policy("org", "EXECUTE_BOUNDED");
    graph.add(bead(ORG, BeadType.POLICY, current, 1000));
    graph.add(bead(ORG, BeadType.POLICY, expired, 2000));
    graph.add(bead(ORG, BeadType.POLICY, future, 3000));
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    assertThat(sdk.retrieve(ORG, s.sessionId(), null).knowingState().policy()).isEqualTo(current);
  }

  @Test
  void scenario19_anUnknownSessionIsNotInitialized() {
    assertThatThrownBy(() -> sdk.retrieve(ORG, "nope", null))
        .isInstanceOf(SessionNotInitializedException.class);
    assertThatThrownBy(() -> sdk.writeExecution(ORG, "nope", execution("SUGGEST", "")))
        .isInstanceOf(SessionNotFoundException.class);
    assertThatThrownBy(() -> sdk.evaluateTrust(ORG, "nope", "x"))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void aSessionOfAnotherOrgIsNotFound() {
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    assertThatThrownBy(() -> sdk.retrieve("org-2", s.sessionId(), null))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void aSessionExpiresAfter24HoursWithoutActivity() {
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    clock.millis = T0 + KnowingStateSession.TIME_TO_LIVE.toMillis() - 1;
    sdk.evaluateTrust(ORG, s.sessionId(), "x");
    clock.millis = T0 + 2 * KnowingStateSession.TIME_TO_LIVE.toMillis() - 2;
    assertThat(sdk.session(ORG, s.sessionId())).isNotNull();
    clock.millis = T0 + 2 * KnowingStateSession.TIME_TO_LIVE.toMillis();
    assertThatThrownBy(() -> sdk.session(ORG, s.sessionId()))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void scenario20_aThrowingCacheIsAMissAndNeverDegrades() {
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "EXECUTE_FULL"), 1000));
    KnowingStateSdk withBrokenCache =
        new KnowingStateSdk(graph, sessions, new ThrowingCache(), clock);
    KnowingStateSession s = withBrokenCache.openSession(ORG, "role-1", "agent-1");

    KnowingStateSdk.Retrieval r = withBrokenCache.retrieve(ORG, s.sessionId(), null);

    assertThat(r.cacheHit()).isFalse();
    assertThat(r.knowingState().policy()).isNotNull();
    assertThat(sessions.saved.get(s.sessionId()).ksRetrievedAt()).isEqualTo(T0);
    assertThat(sessions.saved.get(s.sessionId()).autonomyFloor())
        .isEqualTo(AutonomyLevel.EXECUTE_FULL);
    assertThat(sessions.degradedSaves).isEmpty();
    assertThat(withBrokenCache.checkConsent(ORG, s.sessionId(), "purchase")).isFalse();
  }

  @Test
  void scenario21_consentGrantsExactlyItsActions() {
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    assertThat(sdk.checkConsent(ORG, s.sessionId(), "purchase")).as("no consent").isFalse();
    graph.add(bead(ORG, BeadType.CONSENT, consent("role-1", "ACTIVE", List.of("purchase")), 1000));
    assertThat(sdk.checkConsent(ORG, s.sessionId(), "purchase")).isTrue();
    assertThat(sdk.checkConsent(ORG, s.sessionId(), "refund")).isFalse();
  }

  @Test
  void aRevokingConsentEndsTheGrant_INV_BG_005() {
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    Bead granted =
        bead(ORG, BeadType.CONSENT, consent("role-1", "ACTIVE", List.of("purchase")), 1000);
    graph.add(granted);
    assertThat(sdk.checkConsent(ORG, s.sessionId(), "purchase")).isTrue();
    Map<String, Object> revoke = consent("role-1", "REVOKED", List.of());
    revoke.put("revokes", granted.id().value());
    graph.add(bead(ORG, BeadType.CONSENT, revoke, 2000));
    assertThat(sdk.checkConsent(ORG, s.sessionId(), "purchase"))
        .as("the cached grant was invalidated")
        .isFalse();
  }

  @Test
  void scenario22_anOutcomeThatTriggersAmendmentProposesAPendingAmendmentOfTheTrustBead_Q11() {
    Bead trust = bead(ORG, BeadType.TRUST, trust("vendor-1", "vendor", "APPROVED", 0.8), 1000);
    graph.add(trust);
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "EXECUTE_FULL"), 1000));
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    sdk.retrieve(ORG, s.sessionId(), null);
    String execution =
        sdk.writeExecution(ORG, s.sessionId(), execution("SUGGEST", trust.id().value())).beadId();
    cache.put(CacheKeys.maintenance(ORG), Map.of("score", 1), CacheKeys.MAINTENANCE_TTL);

    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("status", "FAILURE");
    outcome.put("summary", "declined");
    outcome.put("triggers_amendment", true);
    KnowingStateSdk.OutcomeWritten w = sdk.writeOutcome(ORG, s.sessionId(), execution, outcome);

    List<Bead> open = graph.openAmendments(ORG);
    assertThat(open).hasSize(1);
    Bead amendment = open.get(0);
    assertThat(amendment.id().value()).isEqualTo(w.amendmentBeadId());
    assertThat(amendment.text("triggered_by")).isEqualTo(w.beadId());
    assertThat(amendment.parentIds()).containsExactly(w.beadId());
    assertThat(amendment.ts()).isEqualTo(T0 + 1);
    assertThat(amendment.text("target_bead_id")).isEqualTo(trust.id().value());
    assertThat(amendment.text("target_type")).isEqualTo("trust");
    assertThat(graph.auditOf(ORG, amendment.id().value())).isPresent();
    assertThat(cache.entries).doesNotContainKey("maintenance:org-1");
    assertThat(graph.find(ORG, w.beadId()).orElseThrow().parentIds()).containsExactly(execution);
  }

  @Test
  void anOutcomeWithoutATrustBeadToTargetProposesNothing_Q11() {
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "EXECUTE_FULL"), 1000));
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    sdk.retrieve(ORG, s.sessionId(), null);
    String execution = sdk.writeExecution(ORG, s.sessionId(), execution("SUGGEST", "")).beadId();
    Map<String, Object> outcome =
        Map.of("status", "FAILURE", "summary", "x", "triggers_amendment", true);
    assertThat(sdk.writeOutcome(ORG, s.sessionId(), execution, outcome).amendmentBeadId()).isNull();
    assertThat(graph.openAmendments(ORG)).isEmpty();
  }

  @Test
  void anOutcomeOfAnUnknownExecutionIsRefusedAndNothingIsStored() {
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    Map<String, Object> outcome =
        Map.of("status", "SUCCESS", "summary", "x", "triggers_amendment", false);
    assertThatThrownBy(() -> sdk.writeOutcome(ORG, s.sessionId(), "ab".repeat(32), outcome))
        .isInstanceOf(UnknownParentException.class);
    assertThat(graph.beads).isEmpty();
  }

  @Test
  void anExecutionIsAuditedAsCreateByTheSessionsAgent() {
    graph.add(bead(ORG, BeadType.POLICY, policy("org", "EXECUTE_FULL"), 1000));
    KnowingStateSession s = sdk.openSession(ORG, "role-1", "agent-1");
    sdk.retrieve(ORG, s.sessionId(), null);
    KnowingStateSdk.Written w =
        sdk.writeExecution(ORG, s.sessionId(), execution("EXECUTE_FULL", ""));
    Bead audit = graph.find(ORG, w.auditBeadId()).orElseThrow();
    assertThat(audit.content())
        .containsEntry("audited_bead_id", w.beadId())
        .containsEntry("audited_type", "execution")
        .containsEntry("action", "CREATE")
        .containsEntry("actor_id", "agent-1")
        .containsEntry("session_id", s.sessionId())
        .containsEntry("ts", T0);
    assertThat(audit.parentIds()).containsExactly(w.beadId());
  }
}
