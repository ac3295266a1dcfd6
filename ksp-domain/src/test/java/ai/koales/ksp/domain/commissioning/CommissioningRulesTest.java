package ai.koales.ksp.domain.commissioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.coordination.RunStatus;
import ai.koales.ksp.domain.mediation.WorkGraphAtom;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signals, the session's state machine, pass validation and the deterministic planner
 * (coordination.md §1.8, §3.4, §6).
 */
class CommissioningRulesTest {

  static CommissioningSignal signal(boolean approval) {
    return CommissioningSignal.of(
        null, "org-acme", "repo-1", null, null, "DE-1", "ELC-1", "2026-06-10T00:00:00Z", approval);
  }

  static final Elucidation ELC =
      new Elucidation(
          "ELC-1",
          Map.of(
              "title",
              "Ship it",
              "problem",
              "It is not shipped.",
              "goal",
              "Shipped",
              "acceptanceCriteria",
              List.of("build passes", "deploy [[fail]]")));

  @Test
  void aSignalIsNamedByItsDispositionEventAndNeedsApprovalByDefault() {
    CommissioningSignal s =
        CommissioningSignal.of(
            null, "org-acme", "repo-1", null, null, "DE-1", "ELC-1", "2026-06-10T00:00:00Z", null);
    assertThat(s.sessionId()).isEqualTo("DE-1");
    assertThat(s.requireHumanApproval()).isTrue();
    assertThat(CommissioningSignal.fromMap(s.toMap())).isEqualTo(s);
  }

  @Test
  void anInvalidSignalNamesEveryField() {
    assertThatThrownBy(
            () ->
                CommissioningSignal.of(
                    "bad id!", "org-acme", null, null, null, null, "ELC 1", "yesterday", true))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid-signal");
              assertThat(e.violations())
                  .extracting(v -> v.field())
                  .containsExactlyInAnyOrder(
                      "repoId",
                      "dispositionEventId",
                      "elucidationArtifactId",
                      "issuedAt",
                      "sessionId");
            });
  }

  @Test
  void theDeterministicPlannerMakesValidArtifactsWithContentIds() {
    DeterministicPlanner planner = new DeterministicPlanner();
    CommissioningSignal s = signal(true);
    Map<String, Object> prs = PassArtifacts.pressure(planner.pressure(ELC, s), s);
    Map<String, Object> bc =
        PassArtifacts.capability(planner.capability(prs, s), s, (String) prs.get("id"));
    Map<String, Object> fp =
        PassArtifacts.functionProposal(planner.functionProposal(bc, s), s, (String) bc.get("id"));
    Map<String, Object> is =
        PassArtifacts.intentSpecification(
            planner.intentSpecification(fp, bc, s),
            s,
            (String) fp.get("id"),
            (String) bc.get("id"));
    assertThat((String) prs.get("id")).startsWith("PRS-");
    assertThat(prs)
        .containsEntry("priority", "medium")
        .containsEntry("category", "general")
        .containsEntry("evidence", List.of("ELC-1"))
        .containsEntry("sourceSignalId", "DE-1");
    assertThat((String) bc.get("id")).startsWith("BC-");
    assertThat(fp.get("successCriteria")).isEqualTo(List.of("build passes", "deploy [[fail]]"));
    assertThat((String) is.get("id")).startsWith("IS-");
    assertThat(is)
        .containsEntry("version", "1.0")
        .containsEntry("acceptanceCriteria", List.of("build passes", "deploy [[fail]]"))
        .containsEntry("explicitness", "inferred");
    assertThat(is.get("source_refs")).isEqualTo(List.of(fp.get("id")));
    assertThat(PassArtifacts.pressure(planner.pressure(ELC, s), s).get("id"))
        .as("a replay gets the same id")
        .isEqualTo(prs.get("id"));
  }

  @Test
  void passesRefuseInvalidOutputWithTheirCodes() {
    CommissioningSignal s = signal(false);
    assertThatThrownBy(() -> PassArtifacts.pressure(Map.of("title", "t"), s))
        .isInstanceOfSatisfying(
            PassFailedException.class,
            e -> assertThat(e.code()).isEqualTo("pressure-synthesis-failed"));
    assertThatThrownBy(
            () -> PassArtifacts.capability(Map.of("title", "t", "description", "d"), s, "PRS-1"))
        .hasFieldOrPropertyWithValue("code", "capability-mapping-failed");
    assertThatThrownBy(
            () ->
                PassArtifacts.functionProposal(
                    Map.of(
                        "title",
                        "t",
                        "description",
                        "d",
                        "rationale",
                        "r",
                        "successCriteria",
                        List.of()),
                    s,
                    "BC-1"))
        .hasFieldOrPropertyWithValue("code", "no-success-criteria");
    assertThatThrownBy(
            () -> PassArtifacts.intentSpecification(Map.of("version", "1"), s, "FP-1", "BC-1"))
        .hasFieldOrPropertyWithValue("code", "invalid-intent-specification");
    Map<String, Object> lying =
        new java.util.HashMap<>(new DeterministicPlanner().pressure(ELC, s));
    lying.put("id", "PRS-chosen-by-the-model");
    lying.put("kind", "capability");
    Map<String, Object> fixed = PassArtifacts.pressure(lying, s);
    assertThat(fixed.get("kind")).isEqualTo("pressure");
    assertThat((String) fixed.get("id")).isNotEqualTo("PRS-chosen-by-the-model");
  }

  @Test
  void theSessionStateMachine() {
    CommissioningSession s = CommissioningSession.queued(signal(true), 1);
    assertThat(s.status().phase()).isEqualTo("commissioning");
    s.start(2);
    s.recordArtifact(Pass.FETCH_ELUCIDATION, "ELC-1", 3);
    s.recordArtifact(Pass.COMPILE_PRD, "IS-1", 4);
    assertThat(s.needsApproval()).isTrue();
    s.awaitApproval(1000, 5);
    assertThat(s.status()).isEqualTo(CommissioningStatus.SUSPENDED_APPROVAL);
    assertThat(s.status().phase()).isEqualTo("suspended-approval");
    assertThat(s.approvalExpired(999)).isFalse();
    assertThat(s.approvalExpired(1000)).isTrue();
    s.approve("op", "fine", 6);
    assertThat(s.status()).isEqualTo(CommissioningStatus.QUEUED);
    assertThat(s.resumeFrom()).isEqualTo(Pass.EMIT_TO_MEDIATION);
    assertThat(s.needsApproval()).isFalse();
    assertThatThrownBy(() -> s.reject("op", "no", 7))
        .isInstanceOf(NotAwaitingApprovalException.class);
    s.start(8);
    s.emitted("RUN-1", 3, 9);
    assertThat(s.status()).isEqualTo(CommissioningStatus.IDLE);
    assertThat(s.status().phase()).isEqualTo("idle");
    assertThat(s.resultAtomCount()).isEqualTo(3);
    assertThat(s.artifactIds()).containsExactly("ELC-1", "IS-1");
  }

  @Test
  void rejectionAndExpiryEndTheSession() {
    CommissioningSession rejected = CommissioningSession.queued(signal(true), 1);
    rejected.start(2);
    rejected.recordArtifact(Pass.COMPILE_PRD, "IS-1", 3);
    rejected.awaitApproval(100, 4);
    rejected.reject("op", "not now", 5);
    assertThat(rejected.status()).isEqualTo(CommissioningStatus.REJECTED);
    assertThat(rejected.approver()).isEqualTo("op");

    CommissioningSession expired = CommissioningSession.queued(signal(true), 1);
    expired.start(2);
    expired.recordArtifact(Pass.COMPILE_PRD, "IS-1", 3);
    expired.awaitApproval(100, 4);
    expired.expire(100);
    assertThat(expired.status()).isEqualTo(CommissioningStatus.REJECTED);
    assertThat(expired.approver()).isEqualTo("system");

    CommissioningSession failed = CommissioningSession.queued(signal(false), 1);
    failed.start(2);
    failed.fail("pressure-synthesis-failed", "garbage", 3);
    assertThat(failed.status()).isEqualTo(CommissioningStatus.FAILED);
    assertThat(failed.errorCode()).isEqualTo("pressure-synthesis-failed");
  }

  @Test
  void anIdleSessionEndsOnceAfterItsRunFinished_completedOnlyWhenTheRunCompleted() {
    CommissioningSession s = CommissioningSession.queued(signal(false), 1);
    s.start(2);
    s.recordArtifact(Pass.COMPILE_PRD, "IS-1", 3);
    s.emitted("RUN-1", 2, 4);
    assertThat(s.awaitsRunEnd()).isTrue();
    assertThatThrownBy(() -> s.end(5))
        .as("no run end to report yet")
        .isInstanceOf(IllegalStateException.class);
    assertThat(s.runFinished("RUN-other", RunStatus.COMPLETE, 5)).isFalse();
    assertThat(s.runStatus()).isNull();
    assertThatThrownBy(() -> s.runFinished("RUN-1", RunStatus.RUNNING, 5))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(s.runFinished("RUN-1", RunStatus.COMPLETE, 6)).isTrue();
    assertThat(s.end(7)).isEqualTo(CommissioningSession.Outcome.COMPLETED);
    assertThat(s.endedAt()).isEqualTo(7);
    assertThat(s.awaitsRunEnd()).isFalse();
    assertThatThrownBy(() -> s.end(8)).isInstanceOf(IllegalStateException.class);
    assertThat(s.runFinished("RUN-1", RunStatus.PARTIAL_FAILURE, 9))
        .as("an ended session ignores later run ends")
        .isFalse();
    assertThat(s.runStatus()).isEqualTo(RunStatus.COMPLETE);

    for (RunStatus failed : List.of(RunStatus.PARTIAL_FAILURE, RunStatus.STALLED)) {
      CommissioningSession f = CommissioningSession.queued(signal(false), 1);
      f.start(2);
      f.emitted("RUN-2", 1, 3);
      f.runFinished("RUN-2", failed, 4);
      assertThat(f.end(5)).isEqualTo(CommissioningSession.Outcome.FAILED);
    }

    CommissioningSession failedPass = CommissioningSession.queued(signal(false), 1);
    failedPass.start(2);
    failedPass.fail("pressure-synthesis-failed", "garbage", 3);
    assertThat(failedPass.awaitsRunEnd()).as("its stream ended when it failed").isFalse();
  }

  @Test
  void theDecomposerMakesOneChainedAtomPerCriterion() {
    List<WorkGraphAtom> atoms =
        Decomposer.decompose(
            Map.of("id", "IS-abc", "acceptanceCriteria", List.of("one", "two [[fail]]", "three")),
            "GEAR-default");
    assertThat(atoms)
        .extracting(WorkGraphAtom::atomId)
        .containsExactly("WG-IS-abc-ATOM-1", "WG-IS-abc-ATOM-2", "WG-IS-abc-ATOM-3");
    assertThat(atoms.get(0).dependsOn()).isEmpty();
    assertThat(atoms.get(1).dependsOn()).containsExactly("WG-IS-abc-ATOM-1");
    assertThat(atoms.get(1).invariantIds()).containsExactly("INV-2");
    assertThat(atoms.get(1).instruction()).isEqualTo("two [[fail]]");
    assertThat(atoms.get(2).gearId()).isEqualTo("GEAR-default");
  }
}
