package ai.koales.ksp.domain.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built-in agent executing claimed atoms against the real coordinator on in-memory ports
 * (coordination.md §4.2, scenarios 16 and 18-21).
 */
class BuiltinAgentTest {

  static final String ORG = "org-acme";
  static final String RUN = "RUN-b1";
  static final String GEAR = "GEAR-coder-1";

  @TempDir Path workspace;
  InMemoryCoordination store;
  Coordinator coordinator;
  ExecutorService calls;
  AtomicInteger heartbeats = new AtomicInteger();
  RuntimeException failHookError;

  @BeforeEach
  void setUp() {
    store = new InMemoryCoordination();
    store.register(Directives.coderGear());
    coordinator = store.coordinator(CoordinationPolicy.DEFAULT);
    coordinator.init(ORG, RUN, ExecutorKind.BUILTIN, false);
    calls = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() {
    calls.shutdownNow();
  }

  BuiltinAgent agent(AtomRunner runner, Duration heartbeatEvery) {
    BuiltinAgent.AtomHooks hooks =
        new BuiltinAgent.AtomHooks() {
          public long heartbeat(Claim c) {
            heartbeats.incrementAndGet();
            return coordinator.heartbeat(ORG, c.runId(), c.beadId(), c.leaseToken());
          }

          public void release(Claim c, Object result) {
            coordinator.release(ORG, c.runId(), c.beadId(), c.leaseToken(), result);
          }

          public void fail(Claim c, Object error) {
            if (failHookError != null) {
              throw failHookError;
            }
            coordinator.fail(ORG, c.runId(), c.beadId(), c.leaseToken(), error);
          }

          public ConsentDecision consent(Claim c, String tool, String callId) {
            return coordinator.consent(ORG, c.runId(), c.beadId(), c.leaseToken(), tool, callId);
          }
        };
    return new BuiltinAgent(
        hooks, runner, calls, workspace, heartbeatEvery, Duration.ofMinutes(10), store.clock);
  }

  Claim seedAndClaim(String id, Map<String, Object> directive, String... deps) {
    coordinator.seed(
        ORG, RUN, "WG-1", List.of(new BeadSeed(id, GEAR, "n", directive, List.of(deps))));
    return coordinator.claim(ORG, RUN, id, "builtin-1", Claimant.BUILTIN_AGENT).orThrow();
  }

  @Test
  void theDeterministicRunnerAnswersWritesItsOutputAndTheAtomIsReleased() throws Exception {
    coordinator.seed(
        ORG,
        RUN,
        "WG-1",
        List.of(new BeadSeed("A0", GEAR, "n", Directives.v1(RUN, "A0", "x"), null)));
    Claim a0 = coordinator.claim(ORG, RUN, "A0", "b", Claimant.BUILTIN_AGENT).orThrow();
    coordinator.release(ORG, RUN, "A0", a0.leaseToken(), "ok");
    Claim c = coordinator.claim(ORG, RUN, "A0", "b", Claimant.BUILTIN_AGENT).claim();
    assertThat(c).isNull();
    coordinator.seed(
        ORG,
        RUN,
        "WG-1",
        List.of(
            new BeadSeed(
                "A1", GEAR, "n", Directives.v1(RUN, "A1", "build [[out:PASS]]"), List.of("A0"))));
    Claim a1 = coordinator.claim(ORG, RUN, "A1", "builtin-1", Claimant.BUILTIN_AGENT).orThrow();

    BuiltinAgent.Attempt attempt =
        agent(new DeterministicAtomRunner(), Duration.ofSeconds(1)).execute(a1);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.RELEASED);
    assertThat(attempt.trace().rawOutput()).isEqualTo("ATOM A1 OK role=coder deps=[A0]\nPASS");
    assertThat(attempt.trace().executionId()).isEqualTo("A1-attempt-1");
    assertThat(attempt.trace().outcome()).isEqualTo("success");
    assertThat(Files.readString(workspace.resolve(RUN).resolve("A1.out")))
        .isEqualTo("ATOM A1 OK role=coder deps=[A0]\nPASS");
    ExecutionBead a1Stored = store.stored(RUN, "A1");
    assertThat(a1Stored.status()).isEqualTo(BeadStatus.DONE);
    assertThat(((Map<?, ?>) a1Stored.result()).get("rawOutput"))
        .isEqualTo(attempt.trace().rawOutput());
    PendingOutcome o = store.outcomes.get(store.outcomes.size() - 1);
    assertThat(o.sessionId()).isEqualTo(a1.sessionId());
    assertThat(o.executionBeadId()).isEqualTo(a1.executionBeadId());
    assertThat(o.outcome().summary()).isEqualTo("ATOM A1 OK role=coder deps=[A0]\nPASS");
  }

  @Test
  void whenTheAtomThrowsAndTheFailCallFailsNothingChainsAndTheBeadWaitsForTheSweep_scenario16() {
    coordinator.seed(
        ORG,
        RUN,
        "WG-1",
        List.of(
            new BeadSeed("A2", GEAR, "n", Directives.v1(RUN, "A2", "[[fail]]"), null),
            new BeadSeed("A3", GEAR, "n", Directives.v1(RUN, "A3", "x"), List.of("A2"))));
    Claim a2 = coordinator.claim(ORG, RUN, "A2", "builtin-1", Claimant.BUILTIN_AGENT).orThrow();
    failHookError = new IllegalStateException("network error");
    int dispatches = store.dispatches.size();

    BuiltinAgent.Attempt attempt =
        agent(new DeterministicAtomRunner(), Duration.ofSeconds(1)).execute(a2);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.HOOK_FAILED);
    assertThat(store.stored(RUN, "A2").status()).isEqualTo(BeadStatus.IN_PROGRESS);
    assertThat(store.dispatches).hasSize(dispatches);
    assertThat(store.outcomes).isEmpty();

    store.clock.advance(Duration.ofMinutes(6));
    coordinator.rescueStale(RUN);
    assertThat(store.stored(RUN, "A2").status()).isEqualTo(BeadStatus.READY);
  }

  // ---------------------------------------------------------------- retryPolicy (§4.2 step 6)

  static Map<String, Object> retrying(String id, String instruction, int max, boolean isolated) {
    return Directives.with(
        Directives.v1(RUN, id, instruction),
        "retryPolicy",
        Map.of("maxAttempts", max, "backoffMs", 20, "isolatedRetry", isolated));
  }

  @Test
  void anIsolatedRetryRunsTheAtomAgainWithinItsClaimUntilItSucceeds_retryPolicy() {
    Claim c = seedAndClaim("A2", retrying("A2", "flaky", 3, true));
    AtomicInteger runs = new AtomicInteger();
    AtomRunner flaky =
        (task, tools) -> {
          if (runs.incrementAndGet() < 3) {
            throw new IllegalStateException("try " + runs.get() + " broke");
          }
          return "third time lucky";
        };

    BuiltinAgent.Attempt attempt = agent(flaky, Duration.ofSeconds(1)).execute(c);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.RELEASED);
    assertThat(runs.get()).isEqualTo(3);
    ExecutionBead a2 = store.stored(RUN, "A2");
    assertThat(a2.status()).isEqualTo(BeadStatus.DONE);
    // Retries are a counter of their own (Q12): still the claim's first attempt.
    assertThat(a2.attemptCount()).isEqualTo(1);
    assertThat(attempt.trace().executionId()).isEqualTo("A2-attempt-1");
    assertThat(store.audits)
        .extracting(AuditEntry::verdict)
        .containsExactly(AuditVerdict.CLAIMED, AuditVerdict.DONE);
  }

  @Test
  void anAtomThatFailsEveryTryIsFailedOnceWithItsTries_retryPolicy() {
    Claim c = seedAndClaim("A2", retrying("A2", "[[fail]]", 2, true));
    AtomicInteger runs = new AtomicInteger();
    DeterministicAtomRunner deterministic = new DeterministicAtomRunner();
    AtomRunner counting =
        (task, tools) -> {
          runs.incrementAndGet();
          return deterministic.run(task, tools);
        };

    BuiltinAgent.Attempt attempt = agent(counting, Duration.ofSeconds(1)).execute(c);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.FAILED);
    assertThat(runs.get()).isEqualTo(2);
    Map<?, ?> result = (Map<?, ?>) store.stored(RUN, "A2").result();
    assertThat(result.get("tries")).isEqualTo(2);
    assertThat(store.outcomes).hasSize(1);
  }

  @Test
  void withoutIsolatedRetryTheAtomRunsOnce_retryPolicy() {
    Claim c = seedAndClaim("A2", retrying("A2", "[[fail]]", 3, false));
    AtomicInteger runs = new AtomicInteger();
    DeterministicAtomRunner deterministic = new DeterministicAtomRunner();

    BuiltinAgent.Attempt attempt =
        agent(
                (task, tools) -> {
                  runs.incrementAndGet();
                  return deterministic.run(task, tools);
                },
                Duration.ofSeconds(1))
            .execute(c);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.FAILED);
    assertThat(runs.get()).isEqualTo(1);
    assertThat(((Map<?, ?>) store.stored(RUN, "A2").result()).containsKey("tries")).isFalse();
  }

  @Test
  void aConsentDenialIsNeverRetried_retryPolicy_I4() {
    Claim c = seedAndClaim("A2", retrying("A2", "[[tool:shell]]", 3, true));
    AtomicInteger runs = new AtomicInteger();
    DeterministicAtomRunner deterministic = new DeterministicAtomRunner();

    BuiltinAgent.Attempt attempt =
        agent(
                (task, tools) -> {
                  runs.incrementAndGet();
                  return deterministic.run(task, tools);
                },
                Duration.ofSeconds(1))
            .execute(c);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.CONSENT_DENIED);
    assertThat(runs.get()).isEqualTo(1);
    assertThat(store.consents).hasSize(1);
  }

  @Test
  void aPermittedToolIsAuditedAndRuns_scenario18() {
    Claim c = seedAndClaim("A2", Directives.v1(RUN, "A2", "[[tool:read_file]]"));

    BuiltinAgent.Attempt attempt =
        agent(new DeterministicAtomRunner(), Duration.ofSeconds(1)).execute(c);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.RELEASED);
    assertThat(store.consents)
        .extracting(ConsentEntry::beadId, ConsentEntry::toolName, ConsentEntry::toolCallId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("A2", "read_file", "A2-tc-1"));
    assertThat(attempt.trace().rawOutput()).contains("TOOL read_file OK");
    assertThat(store.outcomes.get(0).outcome().toolCallCount()).isEqualTo(1);
  }

  @Test
  void aToolOutsideThePolicyNeverRunsAndTheAtomFails_scenario19() {
    Claim c = seedAndClaim("A2", Directives.v1(RUN, "A2", "[[tool:shell]][[out:after-the-tool]]"));

    BuiltinAgent.Attempt attempt =
        agent(new DeterministicAtomRunner(), Duration.ofSeconds(1)).execute(c);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.CONSENT_DENIED);
    assertThat(attempt.error()).isEqualTo("ConsentDeniedError(shell, A2): tool not permitted");
    assertThat(store.consents).extracting(ConsentEntry::toolName).containsExactly("shell");
    ExecutionBead a2 = store.stored(RUN, "A2");
    assertThat(a2.status()).isEqualTo(BeadStatus.FAILED);
    assertThat(Files.exists(workspace.resolve(RUN).resolve("A2.out"))).isFalse();
    assertThat(store.eventKinds()).contains("CONSENT_BEAD_DENIED");
  }

  @Test
  void anAlwaysConditionReleasesEvenAnEmptyOutput_scenario20() {
    Claim c = seedAndClaim("A2", Directives.v1(RUN, "A2", "anything"));
    BuiltinAgent.Attempt attempt = agent((task, tools) -> "", Duration.ofSeconds(1)).execute(c);
    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.RELEASED);
    assertThat(store.stored(RUN, "A2").status()).isEqualTo(BeadStatus.DONE);
  }

  @Test
  void anUnmetOutputConditionFailsTheAtom_scenario20() {
    Map<String, Object> d =
        Directives.with(
            Directives.v1(RUN, "A2", "[[out:FAIL]]"),
            "successCondition",
            Map.of("type", "output-contains", "substring", "PASS"));
    Claim c = seedAndClaim("A2", d);

    BuiltinAgent.Attempt attempt =
        agent(new DeterministicAtomRunner(), Duration.ofSeconds(1)).execute(c);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.FAILED);
    ExecutionBead a2 = store.stored(RUN, "A2");
    assertThat(a2.status()).isEqualTo(BeadStatus.FAILED);
    assertThat(((Map<?, ?>) a2.result()).get("error")).isEqualTo("success-condition-not-met");
    assertThat(store.outcomes.get(0).outcome().summary()).isEqualTo("success-condition-not-met");
  }

  @Test
  void aTimeoutCancelsTheRunningCallAndLeavesNoThreadRunning_scenario21_P4() throws Exception {
    Map<String, Object> d =
        Directives.with(Directives.v1(RUN, "A2", "[[sleep:60000]]"), "timeoutMs", 1000);
    Claim c = seedAndClaim("A2", d);
    CountDownLatch ended = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomRunner watched =
        (task, tools) -> {
          try {
            return new DeterministicAtomRunner().run(task, tools);
          } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
          } finally {
            ended.countDown();
          }
        };

    long started = System.nanoTime();
    BuiltinAgent.Attempt attempt = agent(watched, Duration.ofMillis(200)).execute(c);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.TIMED_OUT);
    assertThat(tookMs).isBetween(1000L, 5000L);
    assertThat(ended.await(2, TimeUnit.SECONDS)).as("the runner's call ended").isTrue();
    assertThat(interrupted).isTrue();
    ExecutionBead a2 = store.stored(RUN, "A2");
    assertThat(a2.status()).isEqualTo(BeadStatus.FAILED);
    Map<?, ?> result = (Map<?, ?>) a2.result();
    assertThat(result.get("error").toString()).startsWith("timeout");
    assertThat(((Map<?, ?>) result.get("trace")).get("outcome")).isEqualTo("timeout");
    assertThat(heartbeats.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aLostLeaseStopsTheAgentWithoutReleasing() {
    Map<String, Object> d =
        Directives.with(Directives.v1(RUN, "A2", "[[sleep:5000]]"), "timeoutMs", 10_000);
    Claim c = seedAndClaim("A2", d);
    store.clock.advance(Duration.ofMinutes(6));
    coordinator.rescueStale(RUN);

    BuiltinAgent.Attempt attempt =
        agent(new DeterministicAtomRunner(), Duration.ofMillis(100)).execute(c);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.LEASE_LOST);
    assertThat(store.stored(RUN, "A2").status()).isEqualTo(BeadStatus.READY);
  }

  @Test
  void aFileExistsConditionLooksInTheRunsWorkspace() {
    Map<String, Object> d =
        Directives.with(
            Directives.v1(RUN, "A2", "x"),
            "successCondition",
            Map.of(
                "type",
                "composite",
                "all",
                List.of(
                    Map.of("type", "file-exists", "path", "A2.out"),
                    Map.of("type", "output-matches", "pattern", "^ATOM A2 OK"))));
    Claim c = seedAndClaim("A2", d);
    assertThat(agent(new DeterministicAtomRunner(), Duration.ofSeconds(1)).execute(c).ending())
        .isEqualTo(BuiltinAgent.Ending.RELEASED);
  }
}
