package ai.koales.ksp.it.coordination;

import static ai.koales.ksp.it.coordination.Atoms.seed;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Claims, leases, release and fail over HTTP (coordination.md §4.1, scenarios 4, 6-9, 11, 12;
 * api.md status and problem codes).
 */
@SystemTest
class ClaimIT {

  /** A1 -> {A2, A3} -> A4. */
  static String diamond(Atoms a) {
    String run = "RUN-" + a.org;
    a.create(
        run,
        List.of(
            seed(run, "A1"),
            seed(run, "A2", "A1"),
            seed(run, "A3", "A1"),
            seed(run, "A4", "A2", "A3")));
    return run;
  }

  @Test
  void aClaimStartsAnAttemptUnderARealKnowingStateSession_scenario4_P1(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "claim");
    String run = diamond(a);

    HttpResult r = a.claim(run, "A1", "exec-1");

    assertThat(r.status()).isEqualTo(201);
    JsonObject claim = r.json();
    assertThat(claim.getString("runId")).isEqualTo(run);
    assertThat(claim.getString("beadId")).isEqualTo("A1");
    assertThat(claim.getInt("attempt")).isEqualTo(1);
    assertThat(claim.getString("leaseToken")).isNotBlank();
    assertThat(Instant.parse(claim.getString("leaseExpiresAt")))
        .isBetween(Instant.now().plusSeconds(2), Instant.now().plusSeconds(6));
    assertThat(claim.getJsonObject("directive").getString("atomId")).isEqualTo("A1");
    assertThat(r.header("Location")).endsWith("/runs/" + run + "/beads/A1");

    String sessionId = claim.getString("sessionId");
    assertThat(sessionId).isNotEqualTo("A1").isNotEqualTo(claim.getString("executionBeadId"));
    HttpResult session = ksp.get("/api/v1/orgs/" + a.org + "/sessions/" + sessionId, a.agent);
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.json().getString("roleId")).isEqualTo("coder");
    assertThat(session.json().getString("agentId")).isEqualTo("exec-1");
    assertThat(session.json().isNull("ksRetrievedAt")).isFalse();
    assertThat(session.json().getString("autonomyFloor")).isEqualTo("SUGGEST");

    HttpResult execution =
        ksp.get("/api/v1/orgs/" + a.org + "/beads/" + claim.getString("executionBeadId"), a.viewer);
    assertThat(execution.status()).isEqualTo(200);
    assertThat(execution.json().getString("type")).isEqualTo("execution");
    JsonObject content = execution.json().getJsonObject("content");
    // Recorded through loop closure BP2: the execution bead bridges to its Execution node.
    String node = content.getString("artifact_graph_execution_id");
    assertThat(content.getString("subject_id")).isEqualTo(node);
    assertThat(content.getString("action")).isEqualTo("code@1");
    assertThat(content.getString("autonomy_level")).isEqualTo("SUGGEST");
    assertThat(content.getString("rationale")).contains("atom A1 of run " + run, "exec-1");
    HttpResult execNode = ksp.get("/api/v1/orgs/" + a.org + "/graphs/main/nodes/" + node, a.viewer);
    assertThat(execNode.status()).isEqualTo(200);
    assertThat(execNode.json().getString("type")).isEqualTo("Execution");
    JsonObject data = execNode.json().getJsonObject("data");
    assertThat(data.getString("session_id")).isEqualTo(sessionId);
    assertThat(data.getString("domain")).isEqualTo("coordination");
    assertThat(data.getString("action")).isEqualTo("code@1");

    JsonObject bead = a.beadView(run, "A1");
    assertThat(bead.getString("status")).isEqualTo("IN_PROGRESS");
    assertThat(bead.getString("assignedTo")).isEqualTo("exec-1");
    assertThat(bead.getInt("attemptCount")).isEqualTo(1);
    assertThat(bead.getString("sessionId")).isEqualTo(sessionId);
    assertThat(bead.containsKey("leaseToken")).isFalse();
    assertThat(a.run(run).getString("status")).isEqualTo("RUNNING");
  }

  @Test
  void refusedClaimsAnswerTheirProblemCodesAndChangeNothing_scenario6(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "claim");
    String run = diamond(a);
    a.complete(run, "A1", "exec-1");
    a.claim(run, "A2", "exec-2");
    a.complete(run, "A3", "exec-3");

    HttpResult notReady = a.claim(run, "A4", "exec-4");
    assertThat(notReady.status()).isEqualTo(409);
    assertThat(notReady.problemCode()).isEqualTo("not-ready");
    JsonObject a4 = a.beadView(run, "A4");
    assertThat(a4.getString("status")).isEqualTo("READY");
    assertThat(a4.getInt("attemptCount")).isZero();

    HttpResult taken = a.claim(run, "A2", "exec-9");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.problemCode()).isEqualTo("already-claimed");
    HttpResult terminal = a.claim(run, "A1", "exec-9");
    assertThat(terminal.status()).isEqualTo(409);
    assertThat(terminal.problemCode()).isEqualTo("terminal");
    HttpResult missing = a.claim(run, "A9", "exec-9");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.problemCode()).isEqualTo("bead-not-found");
    HttpResult noRun = a.claim("RUN-nope", "A1", "exec-9");
    assertThat(noRun.problemCode()).isEqualTo("run-not-found");
    assertThat(a.audit(run)).filteredOn(x -> x.getString("agentId").equals("exec-9")).isEmpty();
    assertThat(ksp.post(a.bead(run, "A4") + "/claims", a.operator, "{\"agentId\":\"x\"}").status())
        .isEqualTo(403);
  }

  @Test
  void releaseByTheHolderIsAuditedOnceAndItsOutcomeRecorded_scenario7(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "release");
    String run = diamond(a);
    JsonObject claim = a.claim(run, "A1", "exec-1").json();

    HttpResult r = a.release(run, "A1", claim.getString("leaseToken"), "{\"ok\":true}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("status")).isEqualTo("DONE");
    assertThat(r.json().getString("result")).isEqualTo("{\"ok\":true}");
    List<JsonObject> done =
        a.audit(run).stream().filter(x -> x.getString("verdict").equals("done")).toList();
    assertThat(done).hasSize(1);
    assertThat(done.get(0).getString("runId")).isEqualTo(run);
    assertThat(done.get(0).getString("beadId")).isEqualTo("A1");
    assertThat(done.get(0).getString("gearId")).isEqualTo("GEAR-default");
    assertThat(done.get(0).getString("agentId")).isEqualTo("exec-1");
    assertThat(done.get(0).getInt("attempt")).isEqualTo(1);

    String executionBeadId = claim.getString("executionBeadId");
    Map<String, Object> outcome =
        Await.value(
            "the outcome bead of A1",
            Duration.ofSeconds(10),
            () ->
                ksp
                    .db()
                    .query(
                        "SELECT state, outcome_bead_id FROM atom_outcome WHERE run_id = ?"
                            + " AND bead_id = 'A1' AND state = 'DELIVERED'",
                        run)
                    .stream()
                    .findFirst()
                    .orElse(null));
    JsonObject bead =
        ksp.get("/api/v1/orgs/" + a.org + "/beads/" + outcome.get("outcome_bead_id"), a.viewer)
            .json();
    assertThat(bead.getString("type")).isEqualTo("outcome");
    assertThat(bead.getJsonArray("parentIds").getString(0)).isEqualTo(executionBeadId);
    assertThat(bead.getJsonObject("content").getString("status")).isEqualTo("SUCCESS");
    assertThat(bead.getJsonObject("content").getString("execution_bead_id"))
        .isEqualTo(executionBeadId);
    assertThat(bead.getJsonObject("content").getString("summary")).isEqualTo("{\"ok\":true}");
  }

  @Test
  void onlyTheCurrentLeaseReleasesAndRefusalsAreNotAudited_scenario8(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "lease");
    String run = diamond(a);
    a.claim(run, "A1", "exec-1");
    int audits = a.audit(run).size();

    HttpResult r = a.release(run, "A1", "not-the-lease-of-exec-1", "x");

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.problemCode()).isEqualTo("lease-lost");
    JsonObject a1 = a.beadView(run, "A1");
    assertThat(a1.getString("status")).isEqualTo("IN_PROGRESS");
    assertThat(a1.getString("assignedTo")).isEqualTo("exec-1");
    assertThat(a.audit(run)).hasSize(audits);
    assertThat(a.heartbeat(run, "A1", "not-the-lease").problemCode()).isEqualTo("lease-lost");
    assertThat(a.fail(run, "A1", "not-the-lease", "x").problemCode()).isEqualTo("lease-lost");
  }

  @Test
  void aHeartbeatOnADoneBeadIsLeaseLostAsApiMdLists(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "hb-terminal");
    String run = diamond(a);
    JsonObject claim = a.complete(run, "A1", "exec-1");

    HttpResult r = a.heartbeat(run, "A1", claim.getString("leaseToken"));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.problemCode()).isEqualTo("lease-lost");
    assertThat(r.json().getString("detail")).contains("DONE");
    assertThat(a.status(run, "A1")).isEqualTo("DONE");
  }

  @Test
  void aDoneBeadStaysDone_scenario9_P14(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "terminal");
    String run = diamond(a);
    JsonObject claim = a.complete(run, "A1", "exec-1");
    int audits = a.audit(run).size();

    HttpResult r = a.fail(run, "A1", claim.getString("leaseToken"), "x");

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.problemCode()).isEqualTo("terminal");
    assertThat(a.release(run, "A1", claim.getString("leaseToken"), "y").problemCode())
        .isEqualTo("terminal");
    assertThat(a.status(run, "A1")).isEqualTo("DONE");
    assertThat(a.audit(run)).hasSize(audits);
  }

  @Test
  void aHeartbeatRenewsTheLease(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "heartbeat");
    String run = diamond(a);
    JsonObject claim = a.claim(run, "A1", "exec-1").json();
    HttpResult hb = a.heartbeat(run, "A1", claim.getString("leaseToken"));
    assertThat(hb.status()).isEqualTo(200);
    assertThat(Instant.parse(hb.json().getString("leaseExpiresAt")))
        .isAfterOrEqualTo(Instant.parse(claim.getString("leaseExpiresAt")));
  }

  @Test
  void releaseChainsExactlyTheChildrenThatBecameReady_scenario11_INV_C5(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "chain");
    String run = diamond(a);
    JsonObject claim = a.complete(run, "A1", "exec-1");

    assertThat(a.dispatchKeys(run)).containsExactly(run + ":A1:0", run + ":A2:0", run + ":A3:0");
    assertThat(a.release(run, "A1", claim.getString("leaseToken"), "again").status())
        .isEqualTo(409);
    assertThat(a.dispatchKeys(run)).hasSize(3);
    assertThat(
            ksp.db().query("SELECT state FROM atom_dispatch WHERE run_id = ?", run).stream()
                .map(x -> x.get("state")))
        .containsOnly("RECORDED");

    a.complete(run, "A2", "exec-2");
    assertThat(a.dispatchKeys(run)).hasSize(3);
    a.complete(run, "A3", "exec-3");
    assertThat(a.dispatchKeys(run)).endsWith(run + ":A4:0").hasSize(4);
    a.complete(run, "A4", "exec-4");
    JsonObject finished = a.run(run);
    assertThat(finished.getString("status")).isEqualTo("COMPLETE");
    assertThat(finished.getJsonObject("counts").getInt("done")).isEqualTo(4);
    Await.until(
        "the finish in the server log",
        Duration.ofSeconds(10),
        () -> ksp.serverLog().contains("Run " + run + " of org " + a.org + " finished: COMPLETE"));
  }

  @Test
  void aFailedParentBlocksItsChildAndTheRunStalls_scenario12_Q2(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "stall");
    String run = diamond(a);
    a.complete(run, "A1", "exec-1");
    a.complete(run, "A2", "exec-2");
    JsonObject a3 = a.claim(run, "A3", "exec-3").json();

    HttpResult failed = a.fail(run, "A3", a3.getString("leaseToken"), "boom");

    assertThat(failed.status()).isEqualTo(200);
    assertThat(failed.json().getJsonObject("result").getString("error")).isEqualTo("boom");
    assertThat(a.dispatchKeys(run)).doesNotContain(run + ":A4:0");
    assertThat(a.claim(run, "A4", "exec-4").problemCode()).isEqualTo("not-ready");
    assertThat(a.claimNext("exec-4").status()).isEqualTo(204);
    assertThat(ksp.get(a.runs() + "/" + run + "/molecules/WG-1/next", a.viewer).status())
        .isEqualTo(204);
    assertThat(a.run(run).getString("status")).isEqualTo("STALLED");
    assertThat(a.audit(run).stream().filter(x -> x.getString("verdict").equals("failed")))
        .hasSize(1);
    Await.until(
        "the stall in the server log",
        Duration.ofSeconds(10),
        () ->
            ksp.serverLog()
                .contains(
                    "Run " + run + " of org " + a.org + " finished: STALLED, failed atoms [A3]"));
  }

  @Test
  void withContinueOnFailureTheChildOfAFailedBeadRuns_Q2(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "continue");
    String run = "RUN-" + a.org;
    assertThat(a.init(run, "external", true).json().getBoolean("continueOnFailure")).isTrue();
    a.seed(run, "WG-1", List.of(seed(run, "A1"), seed(run, "A2", "A1")));
    JsonObject a1 = a.claim(run, "A1", "exec-1").json();
    a.fail(run, "A1", a1.getString("leaseToken"), "boom");
    a.complete(run, "A2", "exec-2");
    assertThat(a.run(run).getString("status")).isEqualTo("PARTIAL_FAILURE");
  }

  @Test
  void theNextReadyClaimTakesTheOldestReadyBeadOfTheAgentsRoles(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "next");
    String run = diamond(a);
    String testers = "RUN-t-" + a.org;
    a.init(testers);
    a.seed(
        testers,
        "WG-1",
        List.of(seed(Atoms.v1(testers, "T1", "test").add("role", "tester").build(), "T1")));

    HttpResult first = a.claimNext("exec-1");
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().getString("beadId")).isEqualTo("A1");
    HttpResult tester = a.claimNext("exec-2", "tester");
    assertThat(tester.status()).isEqualTo(201);
    assertThat(tester.json().getString("beadId")).isEqualTo("T1");
    assertThat(tester.json().getString("role")).isEqualTo("tester");
    assertThat(a.claimNext("exec-3", "coder").status()).isEqualTo(204);
    assertThat(a.claimNext("exec-3", "boss").problemCode()).isEqualTo("invalid-request");
  }

  @Test
  void externalAgentsNeverClaimBeadsOfBuiltinRuns(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "mismatch");
    String run = "RUN-" + a.org;
    a.init(run, "builtin", false);
    a.seed(run, "WG-1", List.of(seed(run, "A1", new String[0])));
    HttpResult r = a.claim(run, "A1", "exec-1");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.problemCode()).isEqualTo("executor-mismatch");
  }

  @Test
  void everyTransitionRecordsItsEventsOnTheRunsStream(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "events");
    String run = diamond(a);
    JsonObject a1 = a.complete(run, "A1", "exec-1");
    JsonObject a2 = a.claim(run, "A2", "exec-2").json();
    a.fail(run, "A2", a2.getString("leaseToken"), "boom");

    // The run's events are on the run's own stream (its id): the transitions in order, and what
    // loop closure made of the two outcomes (BP3, after each transition committed): A1's
    // execution complete, A2's failed, and A2's failure - its attempts exhausted - a divergence.
    List<String> kinds =
        a.eventKinds(
            run,
            "sessionEvents",
            "BEAD_CLAIMED",
            "BEAD_RELEASED",
            "BEAD_CLAIMED",
            "BEAD_FAILED",
            "EXECUTION_COMPLETE",
            "EXECUTION_FAILED",
            "DIVERGENCE_DETECTED");
    assertThat(kinds.stream().filter(k -> k.startsWith("BEAD_")))
        .containsExactly("BEAD_CLAIMED", "BEAD_RELEASED", "BEAD_CLAIMED", "BEAD_FAILED");
    assertThat(kinds.stream().filter(k -> !k.startsWith("BEAD_")))
        .containsExactlyInAnyOrder("EXECUTION_COMPLETE", "EXECUTION_FAILED", "DIVERGENCE_DETECTED");
    assertThat(a.events(run, "beadUpdates", 8))
        .extracting(e -> e.getString("kind") + " " + e.getJsonObject("payload"))
        .containsExactly(
            "BEAD_UPDATE {\"atomId\":\"A1\",\"status\":\"READY\"}",
            "BEAD_UPDATE {\"atomId\":\"A2\",\"status\":\"READY\"}",
            "BEAD_UPDATE {\"atomId\":\"A3\",\"status\":\"READY\"}",
            "BEAD_UPDATE {\"atomId\":\"A4\",\"status\":\"READY\"}",
            "BEAD_UPDATE {\"atomId\":\"A1\",\"status\":\"IN_PROGRESS\"}",
            "BEAD_UPDATE {\"atomId\":\"A1\",\"status\":\"DONE\"}",
            "BEAD_UPDATE {\"atomId\":\"A2\",\"status\":\"IN_PROGRESS\"}",
            "BEAD_UPDATE {\"atomId\":\"A2\",\"status\":\"FAILED\"}");
    assertThat(a1.getString("sessionId")).isNotBlank();
  }
}
