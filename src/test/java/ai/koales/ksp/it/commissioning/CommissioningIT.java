package ai.koales.ksp.it.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Commissioning with the deterministic planner (coordination.md §4.5, scenarios 29-32, Q5, Q7):
 * intake answers at once, the job persists each pass's artifact with its edge, the gate stops for a
 * human, approval runs only the emit step, rejection never reaches mediation.
 */
@SystemTest
class CommissioningIT {

  static final List<String> CRITERIA = List.of("write hello.txt", "read hello.txt back");

  @Test
  void intakeAnswers202AtOnceWithTheQueuedSession_scenario29(Ksp ksp) {
    Factory f = Factory.forNewOrg(ksp, "ca29");
    String de = "DE-" + f.org;
    f.elucidation("ELC-1", "Greeting", CRITERIA);

    long started = System.nanoTime();
    HttpResult r = f.signal(de, "ELC-1", true);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(r.json().getString("sessionId")).isEqualTo(de);
    assertThat(r.json().getString("status")).isEqualTo("queued");
    assertThat(r.header("Location"))
        .endsWith("/api/v1/orgs/" + f.org + "/commissioning/sessions/" + de);
    assertThat(millis).as("intake latency (ms)").isLessThan(1000);
    // The same signal again is the same session; another signal on its id is a conflict.
    assertThat(f.signal(de, "ELC-1", true).status()).isEqualTo(202);
    HttpResult other = f.signal(de, "ELC-2", true);
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.problemCode()).isEqualTo("session-conflict");
  }

  @Test
  void anInvalidSignalIs400NamingEachFieldAndStoresNothing(Ksp ksp) {
    Factory f = Factory.forNewOrg(ksp, "cabad");
    String de = "DE-" + f.org;

    HttpResult r =
        ksp.post(
            f.api() + "/commissioning/signals",
            f.operator,
            "{\"repoId\":\"\",\"dispositionEventId\":\"DE 1\",\"issuedAt\":\"yesterday\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.problemCode()).isEqualTo("invalid-signal");
    assertThat(r.body())
        .contains("repoId", "elucidationArtifactId", "issuedAt", "dispositionEventId");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM ca_session WHERE org_id = ?", f.org)).isZero();
  }

  @Test
  void withoutApprovalTheSessionCompilesAndRunsItsAtoms_scenario30(Ksp ksp) {
    Factory f = Factory.forNewOrg(ksp, "ca30");
    String de = "DE-" + f.org;
    f.policy();
    f.elucidation("ELC-1", "Greeting", CRITERIA);

    f.signal(de, "ELC-1", false);
    JsonObject s = f.awaitStatus(de, "idle", "failed");

    assertThat(s.getString("status")).as(s.toString()).isEqualTo("idle");
    assertThat(s.getString("phase")).isEqualTo("idle");
    JsonObject result = s.getJsonObject("result");
    String runId = result.getString("runId");
    assertThat(result.getInt("atomCount")).isEqualTo(2);
    JsonObject artifacts = s.getJsonObject("artifacts");
    String prs = artifacts.getString("synthesize-pressure");
    String bc = artifacts.getString("map-capability");
    String fp = artifacts.getString("propose-function");
    String is = artifacts.getString("compile-prd");
    assertThat(prs).startsWith("PRS-");
    assertThat(bc).startsWith("BC-");
    assertThat(fp).startsWith("FP-");
    assertThat(is).startsWith("IS-");
    assertThat(f.node(prs).getString("type")).isEqualTo("Pressure");
    assertThat(f.node(bc).getString("type")).isEqualTo("Capability");
    assertThat(f.node(fp).getString("type")).isEqualTo("FunctionProposal");
    assertThat(f.node(is).getString("type")).isEqualTo("IntentSpecification");
    assertThat(f.node(de).getString("type")).isEqualTo("DispositionEvent");
    assertThat(f.hasEdge(prs, "produced_at", de)).isTrue();
    assertThat(f.hasEdge(bc, "governs", prs)).isTrue();
    assertThat(f.hasEdge(fp, "governs", bc)).isTrue();
    assertThat(f.hasEdge(is, "governs", fp)).isTrue();
    // Q1 run id, builtin executor, events on the session's stream.
    assertThat(runId).isEqualTo(f.runId(is, de));
    JsonObject run = f.awaitRun(runId, r -> r.getString("status").equals("COMPLETE"));
    assertThat(run.getString("executor")).isEqualTo("builtin");
    assertThat(run.getString("streamId")).isEqualTo(de);
    List<String> kinds = f.kinds(de, "DEPLOYING", "BEAD_CLAIMED");
    assertThat(kinds)
        .containsSubsequence(
            "SESSION_SUBMITTED",
            "ARTIFACT_WRITTEN",
            "CANDIDATE_SET_BUILT",
            "COMPILATION_STARTED",
            "VERIFICATION_PRODUCED",
            "COMPILATION_COMPLETE",
            "DEPLOYING",
            "BEAD_CLAIMED");
  }

  @Test
  void approvalRequiredStopsAtTheGateAndApprovalRunsOnlyTheEmit_scenario31(Ksp ksp) {
    Factory f = Factory.forNewOrg(ksp, "ca31");
    String de = "DE-" + f.org;
    f.policy();
    f.elucidation("ELC-1", "Greeting", CRITERIA);

    f.signal(de, "ELC-1", true);
    JsonObject suspended = f.awaitStatus(de, "suspended-approval", "failed");

    assertThat(suspended.getString("status")).isEqualTo("suspended-approval");
    String is = suspended.getString("isNodeId");
    assertThat(is).startsWith("IS-");
    assertThat(f.mediationRun(f.runId(is, de)).status()).isEqualTo(404);
    assertThat(f.kinds(de, "REVIEW_REQUIRED")).contains("REVIEW_REQUIRED");
    long passNodes = passNodes(f);

    HttpResult approved = f.approval(de, "approve");

    assertThat(approved.status()).as(approved.toString()).isEqualTo(202);
    JsonObject idle = f.awaitStatus(de, "idle", "failed");
    assertThat(idle.getString("status")).as(idle.toString()).isEqualTo("idle");
    assertThat(idle.getJsonObject("approval").getString("approver")).isEqualTo("ksp-operator-it");
    assertThat(idle.getJsonObject("result").getString("runId")).isEqualTo(f.runId(is, de));
    // Only the emit step ran: no pass wrote anything again.
    assertThat(passNodes(f)).isEqualTo(passNodes);
    assertThat(idle.getJsonObject("artifacts")).isEqualTo(suspended.getJsonObject("artifacts"));
    assertThat(f.kinds(de, "COMPILATION_COMPLETE"))
        .containsSubsequence("REVIEW_REQUIRED", "APPROVAL_GRANTED", "COMPILATION_COMPLETE");
  }

  @Test
  void aRejectedSessionNeverReachesMediation_scenario32(Ksp ksp) {
    Factory f = Factory.forNewOrg(ksp, "ca32");
    String de = "DE-" + f.org;
    f.elucidation("ELC-1", "Greeting", CRITERIA);
    f.signal(de, "ELC-1", true);
    String is = f.awaitStatus(de, "suspended-approval").getString("isNodeId");

    HttpResult rejected = f.approval(de, "reject");

    assertThat(rejected.status()).isEqualTo(202);
    JsonObject s = f.session(de);
    assertThat(s.getString("status")).isEqualTo("rejected");
    assertThat(s.getJsonObject("approval").getString("decision")).isEqualTo("reject");
    assertThat(f.kinds(de, "SESSION_CANCELLED")).contains("REVIEW_RESOLVED");
    // The worker would restart an approved job within a poll; a rejected one stays put.
    ai.koales.ksp.it.support.Await.stillFalse(
        "mediation called for a rejected session",
        java.time.Duration.ofSeconds(4),
        () -> f.mediationRun(f.runId(is, de)).status() != 404);
    assertThat(f.session(de).getString("status")).isEqualTo("rejected");
    // A decision on a session that is not at the gate is refused.
    HttpResult late = f.approval(de, "approve");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.problemCode()).isEqualTo("not-awaiting-approval");
  }

  @Test
  void aMissingElucidationFailsTheSessionWithItsCode_Q7(Ksp ksp) {
    Factory f = Factory.forNewOrg(ksp, "caq7");
    String de = "DE-" + f.org;

    f.signal(de, "ELC-404", false);
    JsonObject s = f.awaitStatus(de, "failed", "idle");

    assertThat(s.getString("status")).isEqualTo("failed");
    assertThat(s.getJsonObject("error").getString("code"))
        .isEqualTo("elucidation-artifact-not-found");
    assertThat(passNodes(f)).isZero();
    assertThat(f.kinds(de, "SESSION_FAILED")).endsWith("SESSION_FAILED");
  }

  @Test
  void anUnknownSessionIs404AndABadDecision400(Ksp ksp) {
    Factory f = Factory.forNewOrg(ksp, "ca404");
    String de = "DE-" + f.org;

    assertThat(ksp.get(f.api() + "/commissioning/sessions/nope", f.viewer).problemCode())
        .isEqualTo("session-not-found");
    HttpResult bad =
        ksp.post(
            f.api() + "/commissioning/sessions/nope/approval",
            f.operator,
            "{\"decision\":\"maybe\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(ksp.post(f.api() + "/commissioning/signals", f.viewer, "{}").status())
        .isEqualTo(403);
  }

  static long passNodes(Factory f) {
    return f.nodes("Pressure").size()
        + f.nodes("Capability").size()
        + f.nodes("FunctionProposal").size()
        + f.nodes("IntentSpecification").size();
  }
}
