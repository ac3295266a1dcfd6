package ai.koales.ksp.domain.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.domain.stream.EventStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Coordinator scenarios of coordination.md §9 (1-17) on in-memory ports with a fixed clock. */
class CoordinatorTest {

  static final String ORG = "org-acme";
  static final String RUN = "RUN-a1";
  static final String WG = "WG-IS-1";
  static final String GEAR = "GEAR-coder-1";

  InMemoryCoordination store;
  Coordinator coordinator;

  @BeforeEach
  void setUp() {
    store = new InMemoryCoordination();
    store.register(Directives.coderGear());
    coordinator = store.coordinator(CoordinationPolicy.DEFAULT);
  }

  /** The run's own bead counts and every pending-parent count match the beads themselves. */
  @org.junit.jupiter.api.AfterEach
  void countsStayExact() {
    for (Run r : store.runs.values()) {
      assertThat(r.counts()).as("counts of " + r.runId()).isEqualTo(store.counts(r.runId()));
      store.assertPendingCountsConsistent(r.runId());
    }
  }

  BeadSeed bead(String id, String... deps) {
    return new BeadSeed(id, GEAR, "node-" + id, Directives.v1(RUN, id, "do " + id), List.of(deps));
  }

  /** A1 -> {A2, A3} -> A4 (scenario 2's molecule). */
  void seedDiamond() {
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    coordinator.seed(
        ORG,
        RUN,
        WG,
        List.of(bead("A1"), bead("A2", "A1"), bead("A3", "A1"), bead("A4", "A2", "A3")));
  }

  Claim claim(String beadId, String agent) {
    return coordinator.claim(ORG, RUN, beadId, agent, Claimant.EXTERNAL_AGENT).orThrow();
  }

  @Test
  void initTwiceKeepsOneRunBoundToItsOrg_scenario1() {
    InitResult first = coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    InitResult second = coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(store.runs).hasSize(1);
    assertThat(second.run().status()).isEqualTo(RunStatus.INITIALIZED);
    assertThat(second.run().streamId()).isEqualTo(RUN);
    assertThatThrownBy(() -> coordinator.init("org-other", RUN, ExecutorKind.EXTERNAL, false))
        .isInstanceOf(RunConflictException.class);
    assertThatThrownBy(() -> coordinator.init(ORG, RUN, ExecutorKind.BUILTIN, false))
        .isInstanceOf(RunConflictException.class);
    assertThatThrownBy(() -> coordinator.run("org-other", RUN))
        .isInstanceOf(RunNotFoundException.class);
  }

  @Test
  void seedInsertsReadyBeadsWithOneCreatedAtAndEdgesAndARepeatChangesNothing_scenario2_INV_C6() {
    seedDiamond();
    assertThat(store.rows.get(RUN).values())
        .hasSize(4)
        .allSatisfy(
            b -> {
              assertThat(b.status()).isEqualTo(BeadStatus.READY);
              assertThat(b.attemptCount()).isZero();
              assertThat(b.createdAt())
                  .isEqualTo(Instant.parse("2026-06-10T10:00:00Z").toEpochMilli());
              assertThat(b.gearId()).isEqualTo(GEAR);
            });
    assertThat(store.edges(RUN))
        .containsExactlyInAnyOrder(
            new AtomEdge("A1", "A2"),
            new AtomEdge("A1", "A3"),
            new AtomEdge("A2", "A4"),
            new AtomEdge("A3", "A4"));
    assertThat(coordinator.run(ORG, RUN).status()).isEqualTo(RunStatus.SEEDED);
    int events = store.events.size();

    store.clock.advance(Duration.ofMinutes(1));
    SeedResult again =
        coordinator.seed(
            ORG,
            RUN,
            WG,
            List.of(bead("A1"), bead("A2", "A1"), bead("A3", "A1"), bead("A4", "A2", "A3")));

    assertThat(again).isEqualTo(new SeedResult(0, 4));
    assertThat(store.edges(RUN)).hasSize(4);
    assertThat(store.rows.get(RUN).values())
        .allSatisfy(
            b ->
                assertThat(b.createdAt())
                    .isEqualTo(Instant.parse("2026-06-10T10:00:00Z").toEpochMilli()));
    assertThat(store.events).hasSize(events);
    assertThat(store.dispatches).containsOnlyKeys("RUN-a1:A1:0");
  }

  @Test
  void firstDispatchSendsOnlyTheRoots_Q3() {
    seedDiamond();
    assertThat(store.dispatches.keySet()).containsExactly("RUN-a1:A1:0");
  }

  @Test
  void seedNamingAnUnknownParentIsRefusedAndStoresNothing() {
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    assertThatThrownBy(() -> coordinator.seed(ORG, RUN, WG, List.of(bead("A1"), bead("A2", "A9"))))
        .isInstanceOf(UnknownDependencyException.class)
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).violations().get(0).field())
                    .isEqualTo("beads[1].dependsOn[0]"));
    assertThat(store.rows.getOrDefault(RUN, Map.of())).isEmpty();
    assertThat(store.dispatches).isEmpty();
  }

  @Test
  void seedNamingAnUnregisteredGearIsRefused_P16() {
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    BeadSeed bad = new BeadSeed("A1", "GEAR-missing", "n", Directives.v1(RUN, "A1", "x"), null);
    assertThatThrownBy(() -> coordinator.seed(ORG, RUN, WG, List.of(bad)))
        .isInstanceOf(UnknownGearException.class)
        .hasMessageContaining("gear:GEAR-missing");
    assertThat(store.rows.getOrDefault(RUN, Map.of())).isEmpty();
  }

  @Test
  void seedWithACycleIsRefused() {
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    assertThatThrownBy(
            () ->
                coordinator.seed(
                    ORG, RUN, WG, List.of(bead("A0"), bead("A1", "A0", "A2"), bead("A2", "A1"))))
        .isInstanceOf(DependencyCycleException.class)
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).violations().get(0).message())
                    .matches("circular dependsOn: (A1 → A2 → A1|A2 → A1 → A2)"));
    assertThat(store.rows.getOrDefault(RUN, Map.of())).isEmpty();
  }

  /**
   * Not scenario 10 itself: BR-KSP-16 is read as "init is mandatory" (see package-info), so an
   * uninitialised run can neither be seeded nor have a bead claimed or released.
   */
  @Test
  void callsOnAnUninitialisedRunAreRefused_initIsMandatory_BR_KSP_16() {
    assertThatThrownBy(() -> coordinator.seed(ORG, "RUN-none", WG, List.of(bead("B1"))))
        .isInstanceOf(RunNotFoundException.class);
    assertThatThrownBy(
            () -> coordinator.claim(ORG, "RUN-none", "B1", "exec-1", Claimant.EXTERNAL_AGENT))
        .isInstanceOf(RunNotFoundException.class);
    assertThatThrownBy(() -> coordinator.release(ORG, "RUN-none", "B1", "lease", "done"))
        .isInstanceOf(RunNotFoundException.class);
    assertThat(store.rows).isEmpty();
    assertThat(store.audits).isEmpty();
  }

  @Test
  void nextOnAMoleculeWithoutBeadsIsAPermanentErrorNamingIt_scenario3() {
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    assertThatThrownBy(() -> coordinator.next(ORG, RUN, "WG-X"))
        .isInstanceOf(BeadsNotSeededException.class)
        .hasMessageContaining("WG-X")
        .hasMessageContaining("BeadsNotSeededError");
    assertThat(store.finished).isEmpty();
    assertThat(coordinator.run(ORG, RUN).status()).isEqualTo(RunStatus.INITIALIZED);
  }

  @Test
  void nextIsTheOldestClaimableBeadAndReadsOnly() {
    seedDiamond();
    assertThat(coordinator.next(ORG, RUN, WG)).map(ExecutionBead::id).contains("A1");
    assertThat(store.stored(RUN, "A1").status()).isEqualTo(BeadStatus.READY);
  }

  // ---------------------------------------------------------------- formulas (§1.3, AP8)

  static final String FORMULA = "FORMULA-build";

  void registerFormula(String id, String... gearIds) {
    store.register(GearFormula.parse(id, Map.of("name", "build", "gearIds", List.of(gearIds))));
  }

  BeadSeed beadOn(String gearId, String id, String... deps) {
    return new BeadSeed(id, gearId, null, Directives.v1(RUN, id, "do " + id), List.of(deps));
  }

  @Test
  void aSeedNamingAnUnregisteredFormulaIsRefusedAndStoresNothing_AP8() {
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    assertThatThrownBy(() -> coordinator.seed(ORG, RUN, WG, List.of(bead("A1")), "FORMULA-none"))
        .isInstanceOf(UnknownFormulaException.class)
        .hasMessageContaining("FORMULA-none");
    assertThat(store.rows.getOrDefault(RUN, Map.of())).isEmpty();
    assertThat(store.formulaOf(RUN, WG)).isEmpty();
  }

  @Test
  void aSeedUnderAFormulaRefusesEveryBeadWhoseGearIsNotInIt_AP8() {
    registerFormula(FORMULA, GEAR);
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    assertThatThrownBy(
            () ->
                coordinator.seed(
                    ORG,
                    RUN,
                    WG,
                    List.of(
                        bead("A1"), beadOn(Gear.DEFAULT_ID, "A2", "A1"), beadOn("GEAR-x", "A3")),
                    FORMULA))
        .isInstanceOf(GearNotInFormulaException.class)
        .satisfies(
            e -> {
              GearNotInFormulaException g = (GearNotInFormulaException) e;
              assertThat(g.code()).isEqualTo("gear-not-in-formula");
              assertThat(g.violations())
                  .extracting(v -> v.field() + " " + v.message())
                  .containsExactly(
                      "beads[1].gearId bead A2 names gear GEAR-default, which is not one of"
                          + " formula FORMULA-build's gears [GEAR-coder-1]",
                      "beads[2].gearId bead A3 names gear GEAR-x, which is not one of formula"
                          + " FORMULA-build's gears [GEAR-coder-1]");
            });
    assertThat(store.rows.getOrDefault(RUN, Map.of())).isEmpty();
  }

  @Test
  void theFirstSeedUnderAFormulaBindsTheMoleculeAndLaterSeedsFollowIt_AP8() {
    registerFormula(FORMULA, GEAR);
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    coordinator.seed(ORG, RUN, WG, List.of(bead("A1")), FORMULA);
    assertThat(store.formulaOf(RUN, WG)).contains(FORMULA);

    // Without formulaId the molecule still follows its formula.
    assertThatThrownBy(
            () -> coordinator.seed(ORG, RUN, WG, List.of(beadOn(Gear.DEFAULT_ID, "A2", "A1"))))
        .isInstanceOf(GearNotInFormulaException.class);
    assertThat(coordinator.seed(ORG, RUN, WG, List.of(bead("A2", "A1"))).seeded()).isEqualTo(1);
    // A repeat of the first seed is idempotent.
    assertThat(coordinator.seed(ORG, RUN, WG, List.of(bead("A1")), FORMULA).existing())
        .isEqualTo(1);
    // Another molecule of the run is free to follow no formula.
    assertThat(coordinator.seed(ORG, RUN, "WG-2", List.of(beadOn(Gear.DEFAULT_ID, "C1"))).seeded())
        .isEqualTo(1);
    assertThat(store.formulaOf(RUN, "WG-2")).isEmpty();
  }

  @Test
  void aBoundMoleculeCannotChangeItsFormulaNorAnUnboundOneGainOne_AP8() {
    registerFormula(FORMULA, GEAR);
    registerFormula("FORMULA-other", GEAR);
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    coordinator.seed(ORG, RUN, WG, List.of(bead("A1")), FORMULA);
    assertThatThrownBy(() -> coordinator.seed(ORG, RUN, WG, List.of(bead("A2")), "FORMULA-other"))
        .isInstanceOf(MoleculeFormulaConflictException.class)
        .hasMessageContaining("follows formula FORMULA-build, not FORMULA-other");

    coordinator.seed(ORG, RUN, "WG-2", List.of(bead("B1")));
    assertThatThrownBy(() -> coordinator.seed(ORG, RUN, "WG-2", List.of(bead("B2")), FORMULA))
        .isInstanceOf(MoleculeFormulaConflictException.class)
        .hasMessageContaining("was seeded without a formula");
    assertThat(store.formulaOf(RUN, "WG-2")).isEmpty();
    assertThat(store.rows.get(RUN)).doesNotContainKeys("A2", "B2");
  }

  @Test
  void aMoleculeReportsItsBeadsFormulaAndStatus_GearMolecule() {
    registerFormula(FORMULA, GEAR);
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    coordinator.seed(ORG, RUN, WG, List.of(bead("A1"), bead("A2", "A1")), FORMULA);
    GearMolecule m = coordinator.molecule(ORG, RUN, WG);
    assertThat(m.formulaId()).isEqualTo(FORMULA);
    assertThat(m.beadIds()).containsExactly("A1", "A2");
    assertThat(m.status()).isEqualTo("active");

    coordinator.release(ORG, RUN, "A1", claim("A1", "exec-1").leaseToken(), "ok");
    coordinator.release(ORG, RUN, "A2", claim("A2", "exec-1").leaseToken(), "ok");
    assertThat(coordinator.molecule(ORG, RUN, WG).status()).isEqualTo("done");

    coordinator.seed(ORG, RUN, "WG-2", List.of(bead("B1")));
    coordinator.fail(ORG, RUN, "B1", claim("B1", "exec-1").leaseToken(), "boom");
    assertThat(coordinator.molecule(ORG, RUN, "WG-2").status()).isEqualTo("failed");
    assertThat(coordinator.molecule(ORG, RUN, "WG-2").formulaId()).isNull();
    assertThatThrownBy(() -> coordinator.molecule(ORG, RUN, "WG-none"))
        .isInstanceOf(MoleculeNotFoundException.class);
  }

  @Test
  void claimOfAReadyBeadOpensASessionAndStartsAnAttempt_scenario4_P1() {
    seedDiamond();
    Claim c = claim("A1", "exec-1");

    ExecutionBead a1 = store.stored(RUN, "A1");
    assertThat(a1.status()).isEqualTo(BeadStatus.IN_PROGRESS);
    assertThat(a1.assignedTo()).isEqualTo("exec-1");
    assertThat(a1.attemptCount()).isEqualTo(1);
    assertThat(a1.leaseToken()).isEqualTo(c.leaseToken());
    assertThat(c.sessionId()).isEqualTo("session-1").isNotEqualTo("A1");
    assertThat(a1.sessionId()).isEqualTo("session-1");
    assertThat(a1.executionBeadId()).isEqualTo("execution-1");
    assertThat(store.sessionsOpened.get(0))
        .containsExactly(ORG, RUN, "A1", "exec-1", "coder", "code@1");
    assertThat(c.leaseExpiresAt()).isEqualTo(Instant.parse("2026-06-10T10:05:00Z").toEpochMilli());
    assertThat(c.directive()).containsEntry("atomId", "A1");
    assertThat(coordinator.run(ORG, RUN).status()).isEqualTo(RunStatus.RUNNING);
    assertThat(store.audits).extracting(AuditEntry::verdict).containsExactly(AuditVerdict.CLAIMED);
    assertThat(store.eventKinds()).contains("BEAD_CLAIMED");
  }

  @Test
  void aSecondClaimOfAClaimedBeadIsRefusedAndCountsNoAttempt_scenario5() {
    seedDiamond();
    claim("A1", "exec-1");
    ClaimResult second = coordinator.claim(ORG, RUN, "A1", "exec-3", Claimant.EXTERNAL_AGENT);

    assertThat(second.outcome()).isEqualTo(ClaimOutcome.ALREADY_CLAIMED);
    assertThat(store.stored(RUN, "A1").attemptCount()).isEqualTo(1);
    assertThat(store.stored(RUN, "A1").assignedTo()).isEqualTo("exec-1");
    assertThat(store.sessionsOpened).hasSize(1);
  }

  @Test
  void claimIsRefusedWhileAParentIsInProgress_scenario6_INV_C2() {
    seedDiamond();
    Claim a1 = claim("A1", "exec-1");
    coordinator.release(ORG, RUN, "A1", a1.leaseToken(), "ok");
    claim("A2", "exec-2");
    Claim a3 = claim("A3", "exec-3");
    coordinator.release(ORG, RUN, "A3", a3.leaseToken(), "ok");

    ClaimResult r = coordinator.claim(ORG, RUN, "A4", "exec-4", Claimant.EXTERNAL_AGENT);

    assertThat(r.outcome()).isEqualTo(ClaimOutcome.NOT_READY);
    assertThat(store.stored(RUN, "A4").status()).isEqualTo(BeadStatus.READY);
    assertThat(store.stored(RUN, "A4").attemptCount()).isZero();
  }

  @Test
  void releaseByTheHolderAuditsOnceAndQueuesASuccessOutcome_scenario7() {
    seedDiamond();
    Claim c = claim("A1", "exec-1");
    int audits = store.audits.size();

    ExecutionBead done = coordinator.release(ORG, RUN, "A1", c.leaseToken(), "{\"ok\":true}");

    assertThat(done.status()).isEqualTo(BeadStatus.DONE);
    assertThat(store.stored(RUN, "A1").status()).isEqualTo(BeadStatus.DONE);
    assertThat(store.audits.subList(audits, store.audits.size()))
        .containsExactly(
            new AuditEntry(
                ORG, RUN, "A1", GEAR, "exec-1", AuditVerdict.DONE, 1, store.clock.millis()));
    assertThat(store.outcomes).hasSize(1);
    PendingOutcome o = store.outcomes.get(0);
    assertThat(o.outcome().status()).isEqualTo(AtomOutcome.Status.SUCCESS);
    assertThat(o.sessionId()).isEqualTo(c.sessionId());
    assertThat(o.executionBeadId()).isEqualTo(c.executionBeadId());
    assertThat(o.outcome().summary()).isEqualTo("{\"ok\":true}");
  }

  @Test
  void releaseWithAnotherLeaseIsRefusedAndChangesNothing_scenario8_P7() {
    seedDiamond();
    claim("A1", "exec-1");
    int audits = store.audits.size();
    int events = store.events.size();

    assertThatThrownBy(() -> coordinator.release(ORG, RUN, "A1", "lease-of-exec-9", "x"))
        .isInstanceOf(LeaseLostException.class);

    assertThat(store.stored(RUN, "A1").status()).isEqualTo(BeadStatus.IN_PROGRESS);
    assertThat(store.stored(RUN, "A1").assignedTo()).isEqualTo("exec-1");
    assertThat(store.audits).hasSize(audits);
    assertThat(store.events).hasSize(events);
    assertThat(store.outcomes).isEmpty();
  }

  @Test
  void failOfADoneBeadIsRefusedAndItStaysDone_scenario9_P14() {
    seedDiamond();
    Claim c = claim("A1", "exec-1");
    coordinator.release(ORG, RUN, "A1", c.leaseToken(), "ok");
    int audits = store.audits.size();

    assertThatThrownBy(() -> coordinator.fail(ORG, RUN, "A1", c.leaseToken(), "x"))
        .isInstanceOf(BeadTerminalException.class);
    assertThatThrownBy(() -> coordinator.release(ORG, RUN, "A1", c.leaseToken(), "again"))
        .isInstanceOf(BeadTerminalException.class);

    assertThat(store.stored(RUN, "A1").status()).isEqualTo(BeadStatus.DONE);
    assertThat(store.stored(RUN, "A1").result()).isEqualTo("ok");
    assertThat(store.audits).hasSize(audits);
  }

  @Test
  void releaseChainsExactlyTheChildrenThatBecameReady_scenario11_INV_C5() {
    seedDiamond();
    Claim c = claim("A1", "exec-1");
    coordinator.release(ORG, RUN, "A1", c.leaseToken(), "ok");

    assertThat(store.dispatches.keySet())
        .containsExactly("RUN-a1:A1:0", "RUN-a1:A2:0", "RUN-a1:A3:0");

    // A duplicate trigger adds none: the same keys are refused, and the release cannot repeat.
    assertThat(store.dispatch(store.dispatches.get("RUN-a1:A2:0"))).isFalse();
    assertThatThrownBy(() -> coordinator.release(ORG, RUN, "A1", c.leaseToken(), "ok"))
        .isInstanceOf(BeadTerminalException.class);
    assertThat(store.dispatches).hasSize(3);

    // A4 waits for both parents.
    Claim a2 = claim("A2", "exec-2");
    coordinator.release(ORG, RUN, "A2", a2.leaseToken(), "ok");
    assertThat(store.dispatches).hasSize(3);
    Claim a3 = claim("A3", "exec-3");
    coordinator.release(ORG, RUN, "A3", a3.leaseToken(), "ok");
    assertThat(store.dispatches).containsKey("RUN-a1:A4:0").hasSize(4);
  }

  @Test
  void aFailedParentBlocksItsChildrenAndTheRunStalls_scenario12_Q2() {
    seedDiamond();
    Claim a1 = claim("A1", "exec-1");
    coordinator.release(ORG, RUN, "A1", a1.leaseToken(), "ok");
    Claim a2 = claim("A2", "exec-2");
    coordinator.release(ORG, RUN, "A2", a2.leaseToken(), "ok");
    Claim a3 = claim("A3", "exec-3");

    coordinator.fail(ORG, RUN, "A3", a3.leaseToken(), "boom");

    assertThat(store.dispatches).doesNotContainKey("RUN-a1:A4:0");
    assertThat(coordinator.claim(ORG, RUN, "A4", "exec-4", Claimant.EXTERNAL_AGENT).outcome())
        .isEqualTo(ClaimOutcome.NOT_READY);
    assertThat(coordinator.claimNext(ORG, "exec-4", Set.of()).outcome())
        .isEqualTo(ClaimOutcome.NOT_FOUND);
    assertThat(coordinator.next(ORG, RUN, WG)).isEmpty();
    assertThat(coordinator.run(ORG, RUN).status()).isEqualTo(RunStatus.STALLED);
    assertThat(store.finished)
        .containsExactly(new RunFinished(ORG, RUN, RunStatus.STALLED, List.of("A3"), RUN));
    assertThat(store.stored(RUN, "A3").result()).isEqualTo(Map.of("error", "boom"));
  }

  @Test
  void withContinueOnFailureChildrenOfAFailedParentRun_Q2() {
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, true);
    coordinator.seed(ORG, RUN, WG, List.of(bead("A1"), bead("A2", "A1")));
    Claim a1 = claim("A1", "exec-1");
    coordinator.fail(ORG, RUN, "A1", a1.leaseToken(), "boom");

    assertThat(store.dispatches).containsKey("RUN-a1:A2:0");
    Claim a2 = claim("A2", "exec-2");
    coordinator.release(ORG, RUN, "A2", a2.leaseToken(), "ok");

    assertThat(coordinator.run(ORG, RUN).status()).isEqualTo(RunStatus.PARTIAL_FAILURE);
    assertThat(store.finished)
        .extracting(RunFinished::status)
        .containsExactly(RunStatus.PARTIAL_FAILURE);
  }

  @Test
  void aRunThatFinishesIsCompleteAndAnnouncedOnce_Q11() {
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    coordinator.seed(ORG, RUN, WG, List.of(bead("A1"), bead("A2", "A1")));
    assertThat(coordinator.run(ORG, RUN).status()).isEqualTo(RunStatus.SEEDED);
    Claim a1 = claim("A1", "exec-1");
    assertThat(coordinator.run(ORG, RUN).status()).isEqualTo(RunStatus.RUNNING);
    coordinator.release(ORG, RUN, "A1", a1.leaseToken(), "ok");
    Claim a2 = claim("A2", "exec-1");
    coordinator.release(ORG, RUN, "A2", a2.leaseToken(), "ok");

    assertThat(coordinator.run(ORG, RUN).status()).isEqualTo(RunStatus.COMPLETE);
    assertThat(store.finished)
        .containsExactly(new RunFinished(ORG, RUN, RunStatus.COMPLETE, List.of(), RUN));
  }

  @Test
  void aSilentHolderIsRescuedAfterFiveMinutesAndDispatchedOnce_scenario13() {
    seedDiamond();
    Claim a1 = claim("A1", "exec-1");
    coordinator.release(ORG, RUN, "A1", a1.leaseToken(), "ok");
    int dispatches = store.dispatches.size();
    store.clock.set(Instant.parse("2026-06-10T10:00:00Z"));
    claim("A2", "exec-2");

    store.clock.set(Instant.parse("2026-06-10T10:05:00Z"));
    assertThat(coordinator.runsToRescue(10)).isEmpty();
    store.clock.set(Instant.parse("2026-06-10T10:05:01Z"));
    assertThat(coordinator.runsToRescue(10)).containsExactly(RUN);
    assertThat(coordinator.rescueStale(RUN)).isEqualTo(1);

    ExecutionBead a2 = store.stored(RUN, "A2");
    assertThat(a2.status()).isEqualTo(BeadStatus.READY);
    assertThat(a2.assignedTo()).isNull();
    assertThat(a2.leaseToken()).isNull();
    assertThat(store.eventKinds()).contains("BEAD_RESCUED");
    assertThat(store.dispatches).hasSize(dispatches + 1).containsKey("RUN-a1:A2:1");
    assertThat(store.audits.get(store.audits.size() - 1).verdict()).isEqualTo(AuditVerdict.RESCUED);
    assertThat(store.audits.get(store.audits.size() - 1).agentId()).isEqualTo("exec-2");
    assertThat(coordinator.rescueStale(RUN)).isZero();

    Claim again = claim("A2", "exec-4");
    assertThat(again.attempt()).isEqualTo(2);
  }

  @Test
  void aLateReleaseByTheRescuedHolderIsRefused_scenario14() {
    seedDiamond();
    Claim a1 = claim("A1", "exec-1");
    coordinator.release(ORG, RUN, "A1", a1.leaseToken(), "ok");
    Claim old = claim("A2", "exec-2");
    store.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    coordinator.rescueStale(RUN);
    claim("A2", "exec-4");

    assertThatThrownBy(() -> coordinator.release(ORG, RUN, "A2", old.leaseToken(), "late"))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> coordinator.heartbeat(ORG, RUN, "A2", old.leaseToken()))
        .isInstanceOf(LeaseLostException.class);

    ExecutionBead a2 = store.stored(RUN, "A2");
    assertThat(a2.status()).isEqualTo(BeadStatus.IN_PROGRESS);
    assertThat(a2.assignedTo()).isEqualTo("exec-4");
  }

  @Test
  void afterItsThirdAttemptASilentBeadFailsTimedOut_scenario15() {
    seedDiamond();
    Claim a1 = claim("A1", "exec-1");
    coordinator.release(ORG, RUN, "A1", a1.leaseToken(), "ok");
    for (int attempt = 1; attempt <= 3; attempt++) {
      claim("A2", "exec-" + attempt);
      store.clock.advance(Duration.ofMinutes(6));
      coordinator.rescueStale(RUN);
    }

    ExecutionBead a2 = store.stored(RUN, "A2");
    assertThat(a2.status()).isEqualTo(BeadStatus.FAILED);
    assertThat(a2.attemptCount()).isEqualTo(3);
    assertThat(a2.result()).isEqualTo(Map.of("error", "timed_out", "attempts", 3));
    AuditEntry last = store.audits.get(store.audits.size() - 1);
    assertThat(last.verdict()).isEqualTo(AuditVerdict.TIMED_OUT);
    assertThat(last.attempt()).isEqualTo(3);
    assertThat(store.audits.stream().filter(a -> a.beadId().equals("A2")).map(AuditEntry::verdict))
        .containsExactly(
            AuditVerdict.CLAIMED,
            AuditVerdict.RESCUED,
            AuditVerdict.CLAIMED,
            AuditVerdict.RESCUED,
            AuditVerdict.CLAIMED,
            AuditVerdict.TIMED_OUT);
    assertThat(store.dispatches)
        .containsKeys("RUN-a1:A2:1", "RUN-a1:A2:2")
        .doesNotContainKey("RUN-a1:A2:3");
  }

  @Test
  void heartbeatsKeepAHolderFromBeingRescued_Q8() {
    seedDiamond();
    Claim c = claim("A1", "exec-1");
    store.clock.advance(Duration.ofMinutes(4));
    long expires = coordinator.heartbeat(ORG, RUN, "A1", c.leaseToken());
    assertThat(expires).isEqualTo(store.clock.millis() + Duration.ofMinutes(5).toMillis());
    store.clock.advance(Duration.ofMinutes(4));
    assertThat(coordinator.rescueStale(RUN)).isZero();
    assertThat(store.stored(RUN, "A1").status()).isEqualTo(BeadStatus.IN_PROGRESS);
  }

  @Test
  void aHeartbeatOnADoneOrFailedBeadIsLeaseLostAsApiMdLists() {
    seedDiamond();
    Claim a1 = claim("A1", "exec-1");
    coordinator.release(ORG, RUN, "A1", a1.leaseToken(), "ok");
    Claim a2 = claim("A2", "exec-2");
    coordinator.fail(ORG, RUN, "A2", a2.leaseToken(), "boom");
    long version = store.stored(RUN, "A1").version();

    assertThatThrownBy(() -> coordinator.heartbeat(ORG, RUN, "A1", a1.leaseToken()))
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("is DONE");
    assertThatThrownBy(() -> coordinator.heartbeat(ORG, RUN, "A2", a2.leaseToken()))
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("is FAILED");
    assertThat(store.stored(RUN, "A1").version()).isEqualTo(version);
  }

  @Test
  void aToolCallRenewsTheLeaseLikeAHeartbeat_section3_1() {
    seedDiamond();
    Claim c = claim("A1", "exec-1");
    store.clock.advance(Duration.ofMinutes(4));
    coordinator.consent(ORG, RUN, "A1", c.leaseToken(), "read_file", "tc-1");
    assertThat(store.stored(RUN, "A1").lastHeartbeatAt()).isEqualTo(store.clock.millis());

    // Six minutes after the claim, two after the tool call: not stale.
    store.clock.advance(Duration.ofMinutes(2));
    assertThat(coordinator.rescueStale(RUN)).isZero();
    assertThat(store.stored(RUN, "A1").status()).isEqualTo(BeadStatus.IN_PROGRESS);
    // Five minutes and a second after the tool call without any sign of life: rescued.
    store.clock.advance(Duration.ofMinutes(3).plusSeconds(1));
    assertThat(coordinator.rescueStale(RUN)).isEqualTo(1);
    assertThat(store.stored(RUN, "A1").status()).isEqualTo(BeadStatus.READY);
  }

  @Test
  void aReadyBeadWithAPayloadThatIsNotJsonIsQuarantinedInsteadOfDispatched_scenario17_P8() {
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    coordinator.seed(ORG, RUN, WG, List.of(new BeadSeed("A5", GEAR, "n5", "{not json", List.of())));

    ExecutionBead a5 = store.stored(RUN, "A5");
    assertThat(a5.status()).isEqualTo(BeadStatus.FAILED);
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) a5.result();
    assertThat(result).containsEntry("error", "invalid-directive");
    assertThat(result.get("issues").toString()).contains("not JSON");
    assertThat(store.dispatches).isEmpty();
    assertThat(store.audits)
        .extracting(AuditEntry::agentId, AuditEntry::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ExecutionBead.DISPATCHER, AuditVerdict.FAILED));
    assertThat(coordinator.run(ORG, RUN).status()).isEqualTo(RunStatus.PARTIAL_FAILURE);
  }

  @Test
  void aV2PayloadWithoutInstructionsIsQuarantinedNamingThePath_scenario22() {
    coordinator.init(ORG, RUN, ExecutorKind.EXTERNAL, false);
    Map<String, Object> v2 =
        Directives.with(Directives.v2(RUN, "WG-IS-1-ATOM-1", "x"), "instructions", null);
    coordinator.seed(
        ORG, RUN, WG, List.of(new BeadSeed("WG-IS-1-ATOM-1", GEAR, "n", v2, List.of())));

    Object result = store.stored(RUN, "WG-IS-1-ATOM-1").result();
    assertThat(result)
        .isEqualTo(
            Map.of(
                "error",
                "invalid-directive",
                "issues",
                List.of(Map.of("path", "instructions", "message", "is required"))));
  }

  @Test
  void aPermittedToolIsAuditedAndAllowed_scenario18_I4() {
    seedDiamond();
    Claim c = claim("A1", "exec-1");
    ConsentDecision d = coordinator.consent(ORG, RUN, "A1", c.leaseToken(), "read_file", "tc-1");

    assertThat(d.allowed()).isTrue();
    assertThat(store.consents)
        .extracting(ConsentEntry::beadId, ConsentEntry::toolName, ConsentEntry::toolCallId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("A1", "read_file", "tc-1"));
    assertThat(store.stored(RUN, "A1").status()).isEqualTo(BeadStatus.IN_PROGRESS);
    assertThat(store.stored(RUN, "A1").toolCallCount()).isEqualTo(1);
  }

  @Test
  void aToolOutsideThePolicyIsAuditedThenFailsTheBead_scenario19_I4() {
    seedDiamond();
    Claim c = claim("A1", "exec-1");
    ConsentDecision d = coordinator.consent(ORG, RUN, "A1", c.leaseToken(), "shell", "tc-2");

    assertThat(d.allowed()).isFalse();
    assertThat(store.consents).extracting(ConsentEntry::toolName).containsExactly("shell");
    ExecutionBead a1 = store.stored(RUN, "A1");
    assertThat(a1.status()).isEqualTo(BeadStatus.FAILED);
    assertThat(a1.result().toString()).contains("ConsentDeniedError(shell, A1)");
    assertThat(store.eventKinds()).contains("CONSENT_BEAD_DENIED", "BEAD_FAILED");
    assertThat(store.outcomes)
        .extracting(o -> o.outcome().status())
        .containsExactly(AtomOutcome.Status.FAILURE);
    assertThatThrownBy(
            () -> coordinator.consent(ORG, RUN, "A1", c.leaseToken(), "read_file", "tc-3"))
        .isInstanceOf(BeadTerminalException.class);
    assertThat(store.consents).hasSize(1);
  }

  @Test
  void everyTransitionRecordsASessionEventAndABeadUpdate() {
    seedDiamond();
    Claim c = claim("A1", "exec-1");
    coordinator.release(ORG, RUN, "A1", c.leaseToken(), "ok");

    List<DomainEvent> updates =
        store.events.stream().filter(e -> e.stream() == EventStream.BEAD_UPDATES).toList();
    assertThat(updates)
        .extracting(e -> e.payload().get("atomId") + ":" + e.payload().get("status"))
        .containsExactly(
            "A1:READY", "A2:READY", "A3:READY", "A4:READY", "A1:IN_PROGRESS", "A1:DONE");
    assertThat(updates).allSatisfy(e -> assertThat(e.runId()).isEqualTo(RUN));
    assertThat(
            store.events.stream()
                .filter(e -> e.stream() == EventStream.SESSION_EVENTS)
                .map(DomainEvent::kind))
        .containsExactly("BEAD_CLAIMED", "BEAD_RELEASED");
    assertThat(store.events).allSatisfy(e -> assertThat(e.streamId()).isEqualTo(RUN));
  }

  @Test
  void eventsFollowTheStreamTheRunIsBoundTo() {
    seedDiamond();
    coordinator.bindStream(ORG, RUN, "DE-1");
    claim("A1", "exec-1");
    assertThat(store.events.get(store.events.size() - 1).streamId()).isEqualTo("DE-1");
  }

  @Test
  void claimNextTakesTheOldestClaimableBeadOfTheAgentsRoles() {
    seedDiamond();
    store.clock.advance(Duration.ofSeconds(1));
    coordinator.init(ORG, "RUN-b", ExecutorKind.EXTERNAL, false);
    coordinator.seed(
        ORG,
        "RUN-b",
        WG,
        List.of(
            new BeadSeed(
                "B1",
                GEAR,
                "n",
                Directives.with(Directives.v1("RUN-b", "B1", "x"), "role", "tester"),
                List.of())));

    ClaimResult first = coordinator.claimNext(ORG, "exec-1", Set.of());
    assertThat(first.claimed()).map(Claim::beadId).contains("A1");
    ClaimResult tester = coordinator.claimNext(ORG, "exec-2", Set.of("tester"));
    assertThat(tester.claimed()).map(Claim::beadId).contains("B1");
    assertThat(tester.claim().role()).isEqualTo("tester");
    assertThat(coordinator.claimNext(ORG, "exec-3", Set.of()).outcome())
        .isEqualTo(ClaimOutcome.NOT_FOUND);
  }

  @Test
  void builtinRunsAreNotClaimedByExternalAgents() {
    coordinator.init(ORG, RUN, ExecutorKind.BUILTIN, false);
    coordinator.seed(ORG, RUN, WG, List.of(bead("A1")));
    assertThatThrownBy(() -> coordinator.claim(ORG, RUN, "A1", "exec-1", Claimant.EXTERNAL_AGENT))
        .isInstanceOf(ExecutorMismatchException.class);
    assertThat(coordinator.claimNext(ORG, "exec-1", Set.of()).outcome())
        .isEqualTo(ClaimOutcome.NOT_FOUND);
    assertThat(coordinator.claim(ORG, RUN, "A1", "builtin-1", Claimant.BUILTIN_AGENT).outcome())
        .isEqualTo(ClaimOutcome.CLAIMED);
  }

  @Test
  void aClaimOfAnUnknownBeadIsNotFound() {
    seedDiamond();
    assertThat(coordinator.claim(ORG, RUN, "A9", "exec-1", Claimant.EXTERNAL_AGENT).outcome())
        .isEqualTo(ClaimOutcome.NOT_FOUND);
  }

  @Test
  void anUndeliverableDispatchFailsTheBeadOnlyWhileItIsStillThatEpoch() {
    seedDiamond();
    assertThat(coordinator.failUndeliverable(RUN, "A1", 1, "x")).isFalse();
    assertThat(coordinator.failUndeliverable(RUN, "A1", 0, "6 deliveries failed")).isTrue();
    assertThat(store.stored(RUN, "A1").status()).isEqualTo(BeadStatus.FAILED);
    assertThat(coordinator.run(ORG, RUN).status()).isEqualTo(RunStatus.STALLED);
  }
}
