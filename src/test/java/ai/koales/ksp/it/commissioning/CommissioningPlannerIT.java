package ai.koales.ksp.it.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.ExtraServer;
import ai.koales.ksp.it.support.Ksp;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Commissioning against an OpenAI-compatible planner (a fake in this JVM) on a server of its own
 * with a short approval timeout: the planner's artifacts are validated and persisted, garbage fails
 * the pass with its code and writes nothing after it (scenario 33), an unanswered gate expires to
 * {@code rejected} (Q5), and a server killed in the middle of a pass resumes the session at that
 * pass after its restart without duplicating a node and without leaving its job STARTED
 * (CA-INV-003, scenario 34).
 */
class CommissioningPlannerIT {

  static FakePlanner planner;
  static ExtraServer server;

  @BeforeAll
  static void start() throws Exception {
    planner = new FakePlanner();
    server =
        ExtraServer.named(
            "it-planner",
            Map.of(
                // Every commit on disk before it returns: the crash test kills the process, and
                // H2 otherwise writes committed changes in the background, later.
                "KSP_DB_URL",
                "jdbc:h2:file:"
                    + java.nio.file.Path.of(System.getProperty("ksp.it.workdir"))
                        .toAbsolutePath()
                        .getParent()
                        .resolve("it-planner/db/ksp")
                    + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000;WRITE_DELAY=0",
                "KSP_PLANNER_MODE",
                "openai",
                "KSP_LLM_BASE_URL",
                planner.baseUrl(),
                "KSP_PLANNER_TIMEOUT",
                "PT90S",
                "KSP_COMMISSIONING_APPROVAL_TIMEOUT",
                "PT3S",
                "KSP_COMMISSIONING_POLL_INTERVAL",
                "PT1S"));
    server.startAndAwait();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (planner != null) {
      planner.close();
    }
  }

  @Test
  void theOpenAiPlannersArtifactsAreValidatedAndPersisted() {
    Factory f = Factory.forNewOrg(server.client(), "plan");
    String de = "DE-" + f.org;
    f.elucidation("ELC-1", "Greeting", List.of("unused by this planner"));

    f.signal(de, "ELC-1", false);
    JsonObject s = f.awaitStatus(de, "idle", "failed");

    assertThat(s.getString("status")).as(s.toString()).isEqualTo("idle");
    assertThat(s.getJsonObject("result").getInt("atomCount")).isEqualTo(2);
    JsonObject prs = f.node(s.getJsonObject("artifacts").getString("synthesize-pressure"));
    // The fenced answer was unwrapped; the pass set kind and provenance itself.
    assertThat(prs.getJsonObject("data").getString("title")).isEqualTo("Visitors go ungreeted");
    assertThat(prs.getJsonObject("data").getString("kind")).isEqualTo("pressure");
    assertThat(prs.getJsonObject("data").getString("sourceSignalId")).isEqualTo(de);
    JsonObject is = f.node(s.getString("isNodeId"));
    assertThat(is.getJsonObject("data").getJsonArray("acceptanceCriteria")).hasSize(2);
  }

  @Test
  void garbageFromThePlannerFailsThePassAndNothingAfterItIsWritten_scenario33() {
    Factory f = Factory.forNewOrg(server.client(), "garbage");
    String de = "DE-" + f.org;
    f.elucidation("ELC-1", "GARBAGE please", List.of("x"));
    int capabilityCalls = planner.calls("capability");

    f.signal(de, "ELC-1", false);
    JsonObject s = f.awaitStatus(de, "failed", "idle");

    assertThat(s.getString("status")).isEqualTo("failed");
    assertThat(s.getJsonObject("error").getString("code")).isEqualTo("pressure-synthesis-failed");
    assertThat(s.getJsonObject("error").getString("message")).contains("not a JSON object");
    assertThat(f.nodes("Pressure")).isEmpty();
    assertThat(f.nodes("Capability")).isEmpty();
    assertThat(f.nodes("FunctionProposal")).isEmpty();
    assertThat(f.nodes("IntentSpecification")).isEmpty();
    assertThat(planner.calls("capability")).isEqualTo(capabilityCalls);
  }

  @Test
  void anUnansweredApprovalExpiresToRejected_Q5() {
    Factory f = Factory.forNewOrg(server.client(), "expiry");
    String de = "DE-" + f.org;
    f.elucidation("ELC-1", "Greeting", List.of("x"));

    f.signal(de, "ELC-1", true);
    f.awaitStatus(de, "suspended-approval");
    JsonObject s = f.awaitStatus(de, "rejected");

    assertThat(s.getJsonObject("approval").getString("decision")).isEqualTo("reject");
    assertThat(s.getJsonObject("approval").getString("approver")).isEqualTo("system");
    assertThat(f.kinds(de, "SESSION_CANCELLED")).contains("REVIEW_RESOLVED");
    assertThat(f.session(de).isNull("result")).isTrue();
  }

  @Test
  void aServerKilledInTheMiddleOfAPassResumesThereAfterItsRestart_scenario34() throws Exception {
    Ksp ksp = server.client();
    Factory f = Factory.forNewOrg(ksp, "crash");
    String de = "DE-" + f.org;
    f.elucidation("ELC-1", "BLOCK until released", List.of("x"));

    f.signal(de, "ELC-1", false);
    assertThat(planner.awaitBlocked(60)).as("the pressure pass reached the planner").isTrue();
    assertThat(f.session(de).getString("status")).isEqualTo("commissioning");

    server.killAndRestart();
    planner.release();
    JsonObject s = f.awaitStatus(de, "idle", "failed");

    assertThat(s.getString("status")).as(s.toString()).isEqualTo("idle");
    assertThat(f.nodes("Pressure")).hasSize(1);
    assertThat(f.nodes("Capability")).hasSize(1);
    assertThat(f.nodes("FunctionProposal")).hasSize(1);
    assertThat(f.nodes("IntentSpecification")).hasSize(1);
    assertThat(f.nodes("Specification")).hasSize(1);
    // The execution the kill interrupted was marked FAILED at startup (not left STARTED); the
    // worker resumed the session, and its job now stands COMPLETED.
    // (Payara's embedded batch repository may itself lose its last writes to the kill, in which
    // case the interrupted execution is gone rather than FAILED; either way none stays STARTED.)
    String log = server.log();
    assertThat(log.substring(log.lastIndexOf("Payara Micro Runtime directory")))
        .containsPattern(
            "Batch repository recovery: (1 batch job execution\\(s\\) left running by a previous"
                + " process marked FAILED|no job execution was left running)")
        .contains("Commissioning session " + de + " resumes");
    JsonObject job = f.session(de).getJsonObject("job");
    List<String> statuses =
        job.getJsonArray("executions").getValuesAs(JsonObject.class).stream()
            .map(e -> e.getString("batchStatus"))
            .toList();
    // Restarted (the interrupted execution FAILED, then COMPLETED), or started afresh.
    assertThat(statuses).doesNotContain("STARTED", "STARTING", "STOPPING").endsWith("COMPLETED");
  }
}
