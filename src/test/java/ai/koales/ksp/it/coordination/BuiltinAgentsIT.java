package ai.koales.ksp.it.coordination;

import static ai.koales.ksp.it.coordination.Atoms.seed;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in agents executing builtin runs with the deterministic runner (coordination.md §4.2,
 * §6; scenarios 17-22).
 */
@SystemTest
class BuiltinAgentsIT {

  static final Duration DONE = Duration.ofSeconds(30);

  static String atom(String org, int n) {
    return "WG-" + org + "-ATOM-" + n;
  }

  static String builtinRun(Atoms a, List<Atoms.Seed> beads) {
    String run = "RUN-" + a.org;
    assertThat(a.init(run, "builtin", false).status()).isEqualTo(201);
    assertThat(a.seed(run, "WG-1", beads).status()).isEqualTo(200);
    return run;
  }

  static void awaitTerminal(Atoms a, String run, String bead) {
    Await.until(
        bead + " terminal",
        DONE,
        () -> {
          String s = a.status(run, bead);
          return s.equals("DONE") || s.equals("FAILED");
        });
  }

  @Test
  void aBuiltinRunIsExecutedToCompletionWithRealSessionsAndOutcomes(Ksp ksp) throws Exception {
    Atoms a = Atoms.forNewOrg(ksp, "builtin");
    String run = "RUN-" + a.org;
    String a1 = atom(a.org, 1);
    String a2 = atom(a.org, 2);
    String a3 = atom(a.org, 3);
    builtinRun(
        a,
        List.of(
            seed(Atoms.v2(run, a1, "plan [[out:one]]").build(), a1),
            seed(Atoms.v2(run, a2, "build", a1).add("role", "tester").build(), a2, a1),
            seed(Atoms.v2(run, a3, "check", a2).build(), a3, a2)));

    Await.until("the run complete", DONE, () -> a.run(run).getString("status").equals("COMPLETE"));

    Path workspace = ksp.dataDir().resolve("workspace").resolve(run);
    assertThat(Files.readString(workspace.resolve(a1 + ".out")))
        .isEqualTo("ATOM " + a1 + " OK role=coder deps=[]\none");
    assertThat(Files.readString(workspace.resolve(a2 + ".out")))
        .isEqualTo("ATOM " + a2 + " OK role=tester deps=[" + a1 + "]");
    JsonObject b2 = a.beadView(run, a2);
    assertThat(b2.getString("assignedTo")).startsWith("builtin-");
    assertThat(b2.getJsonObject("result").getString("rawOutput"))
        .isEqualTo("ATOM " + a2 + " OK role=tester deps=[" + a1 + "]");
    assertThat(b2.getJsonObject("result").getString("executionId")).isEqualTo(a2 + "-attempt-1");
    assertThat(b2.getJsonObject("result").getString("outcome")).isEqualTo("success");

    JsonObject session =
        ksp.get("/api/v1/orgs/" + a.org + "/sessions/" + b2.getString("sessionId"), a.agent).json();
    assertThat(session.getString("roleId")).isEqualTo("tester");
    assertThat(session.getString("agentId")).isEqualTo(b2.getString("assignedTo"));

    Await.until(
        "three outcomes recorded",
        DONE,
        () ->
            ksp.db()
                    .count(
                        "SELECT COUNT(*) FROM atom_outcome WHERE run_id = ? AND state = 'DELIVERED'",
                        run)
                == 3);
    String outcome =
        (String)
            ksp.db()
                .query(
                    "SELECT outcome_bead_id FROM atom_outcome WHERE run_id = ? AND bead_id = ?",
                    run,
                    a2)
                .get(0)
                .get("outcome_bead_id");
    JsonObject bead = ksp.get("/api/v1/orgs/" + a.org + "/beads/" + outcome, a.viewer).json();
    assertThat(bead.getJsonArray("parentIds").getString(0))
        .isEqualTo(b2.getString("executionBeadId"));
    assertThat(bead.getJsonObject("content").getString("summary"))
        .isEqualTo("ATOM " + a2 + " OK role=tester deps=[" + a1 + "]");

    assertThat(a.dispatchKeys(run))
        .containsExactlyInAnyOrder(
            run + ":" + a1 + ":0", run + ":" + a2 + ":0", run + ":" + a3 + ":0");
    assertThat(
            ksp.db().query("SELECT state FROM atom_dispatch WHERE run_id = ?", run).stream()
                .map(r -> r.get("state")))
        .containsOnly("DELIVERED");
    Await.until(
        "the finish in the server log",
        DONE,
        () -> ksp.serverLog().contains("Run " + run + " of org " + a.org + " finished: COMPLETE"));
  }

  @Test
  void aPayloadThatIsNotJsonIsQuarantinedAndNeverDispatched_scenario17(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "quarantine");
    String run = builtinRun(a, List.of(seed(Json.createValue("{not json"), "A5")));

    JsonObject a5 = a.beadView(run, "A5");
    assertThat(a5.getString("status")).isEqualTo("FAILED");
    assertThat(a5.getInt("attemptCount")).isZero();
    JsonObject result = a5.getJsonObject("result");
    assertThat(result.getString("error")).isEqualTo("invalid-directive");
    assertThat(result.getJsonArray("issues").getJsonObject(0).getString("message"))
        .startsWith("not JSON");
    assertThat(a.dispatchKeys(run)).isEmpty();
    assertThat(a.run(run).getString("status")).isEqualTo("PARTIAL_FAILURE");
  }

  @Test
  void anUnmetSuccessConditionFailsTheAtom_scenario20(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "condition");
    String run = "RUN-" + a.org;
    String id = atom(a.org, 1);
    builtinRun(
        a,
        List.of(
            seed(
                Atoms.v2(run, id, "test [[out:FAIL]]")
                    .add(
                        "successCondition",
                        Json.createObjectBuilder()
                            .add("type", "output-contains")
                            .add("substring", "PASS"))
                    .build(),
                id)));
    awaitTerminal(a, run, id);
    JsonObject bead = a.beadView(run, id);
    assertThat(bead.getString("status")).isEqualTo("FAILED");
    assertThat(bead.getJsonObject("result").getString("error"))
        .isEqualTo("success-condition-not-met");
  }

  @Test
  void aTimeoutCancelsTheAtomAtItsDeadline_scenario21(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "timeout");
    String run = "RUN-" + a.org;
    String id = atom(a.org, 1);
    builtinRun(
        a,
        List.of(
            seed(Atoms.v2(run, id, "wait [[sleep:60000]]").add("timeoutMs", 5000).build(), id)));
    awaitTerminal(a, run, id);

    JsonObject bead = a.beadView(run, id);
    assertThat(bead.getString("status")).isEqualTo("FAILED");
    JsonObject result = bead.getJsonObject("result");
    assertThat(result.getString("error")).startsWith("timeout");
    JsonObject trace = result.getJsonObject("trace");
    assertThat(trace.getString("outcome")).isEqualTo("timeout");
    assertThat(trace.getJsonNumber("durationMs").longValue()).isBetween(5000L, 9000L);
    // Heartbeats kept the 5 s lease alive for the whole 5 s: never rescued.
    assertThat(a.audit(run))
        .extracting(x -> x.getString("verdict"))
        .containsExactly("claimed", "failed");
    assertThat(Files.exists(ksp.dataDir().resolve("workspace").resolve(run).resolve(id + ".out")))
        .isFalse();
  }

  @Test
  void anIsolatedRetryPolicyRunsAFailingAtomItsMaxAttemptsWithinOneClaim(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "retry");
    String run = "RUN-" + a.org;
    builtinRun(
        a,
        List.of(
            seed(
                Atoms.v1(run, "R1", "always breaks [[fail]]")
                    .add(
                        "retryPolicy",
                        Json.createObjectBuilder()
                            .add("maxAttempts", 3)
                            .add("backoffMs", 200)
                            .add("isolatedRetry", true))
                    .build(),
                "R1")));
    awaitTerminal(a, run, "R1");

    JsonObject bead = a.beadView(run, "R1");
    assertThat(bead.getString("status")).isEqualTo("FAILED");
    assertThat(bead.getJsonObject("result").getInt("tries")).isEqualTo(3);
    // One claim, one attempt: the retries are the directive's own counter (Q12).
    assertThat(bead.getInt("attemptCount")).isEqualTo(1);
    assertThat(a.audit(run))
        .extracting(x -> x.getString("verdict"))
        .containsExactly("claimed", "failed");
  }

  @Test
  void aV2PayloadWithoutInstructionsIsQuarantined_scenario22(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "v2");
    String run = "RUN-" + a.org;
    String id = atom(a.org, 1);
    builtinRun(a, List.of(seed(Atoms.v2(run, id, "x").remove("instructions").build(), id)));
    JsonObject result = a.beadView(run, id).getJsonObject("result");
    assertThat(result.getString("error")).isEqualTo("invalid-directive");
    assertThat(result.getJsonArray("issues").getJsonObject(0).getString("path"))
        .isEqualTo("instructions");
  }

  @Test
  void theBuiltinRunnersToolCallsGoThroughConsent_scenarios18and19(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "tools");
    String run = "RUN-" + a.org;
    String allowed = atom(a.org, 1);
    String refused = atom(a.org, 2);
    builtinRun(
        a,
        List.of(
            seed(Atoms.v2(run, allowed, "read [[tool:read_file]]").build(), allowed),
            seed(Atoms.v2(run, refused, "run [[tool:shell]][[out:ran]]").build(), refused)));
    awaitTerminal(a, run, allowed);
    awaitTerminal(a, run, refused);

    JsonObject ok = a.beadView(run, allowed);
    assertThat(ok.getString("status")).isEqualTo("DONE");
    assertThat(ok.getJsonObject("result").getString("rawOutput")).contains("TOOL read_file OK");
    JsonObject denied = a.beadView(run, refused);
    assertThat(denied.getString("status")).isEqualTo("FAILED");
    assertThat(denied.getJsonObject("result").getString("error")).isEqualTo("consent-denied");
    assertThat(
            ksp
                .db()
                .query(
                    "SELECT bead_id, tool_name FROM consent_audit WHERE run_id = ? ORDER BY bead_id",
                    run)
                .stream()
                .map(r -> r.get("bead_id") + ":" + r.get("tool_name")))
        .containsExactly(allowed + ":read_file", refused + ":shell");
    assertThat(
            Files.exists(ksp.dataDir().resolve("workspace").resolve(run).resolve(refused + ".out")))
        .isFalse();
  }
}
