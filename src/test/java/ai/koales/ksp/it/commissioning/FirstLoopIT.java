package ai.koales.ksp.it.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README "Your first loop", as a system test of its semantic result: a policy bead and an
 * elucidation, a signal, an approval, the built-in deterministic agents executing the compiled
 * atoms (one failing on its {@code [[fail]]} marker), the divergence that failure is, the amendment
 * proposed from it without anyone asking, the session's end (SESSION_FAILED, after all of that
 * reached its stream), the adoption, and the new specification version.
 */
@SystemTest
class FirstLoopIT {

  @Test
  void aSignalBecomesARunWhoseFailureBecomesAnAdoptedSpecificationChange(Ksp ksp) {
    Factory f = Factory.forNewOrg(ksp, "loop1");
    String de = "DE-" + f.org;
    String policy = f.policy();
    f.elucidation(
        "ELC-1", "Greeting service", List.of("write hello.txt", "say hello in French [[fail]]"));

    assertThat(f.signal(de, "ELC-1", true).status()).isEqualTo(202);
    f.awaitStatus(de, "suspended-approval");
    assertThat(f.approval(de, "approve").status()).isEqualTo(202);
    JsonObject session = f.awaitStatus(de, "idle", "failed");
    assertThat(session.getString("status")).as(session.toString()).isEqualTo("idle");
    String runId = session.getJsonObject("result").getString("runId");
    assertThat(session.getJsonObject("result").getInt("atomCount")).isEqualTo(2);

    // The run ends: the first atom done, the second failed on its marker.
    JsonObject run =
        f.awaitRun(
            runId,
            r -> List.of("COMPLETE", "PARTIAL_FAILURE", "STALLED").contains(r.getString("status")));
    assertThat(run.getString("status")).isEqualTo("PARTIAL_FAILURE");
    assertThat(run.getJsonObject("counts").getInt("done")).isEqualTo(1);
    assertThat(run.getJsonObject("counts").getInt("failed")).isEqualTo(1);

    // Both attempts went through loop closure: executions (at the claim), then traces and one
    // divergence (BP3, from the outcome outbox after the release or fail committed, so possibly
    // after the run's status is final).
    assertThat(f.nodes("Execution")).hasSize(2);
    Await.until(
        "both outcomes recorded at BP3",
        Duration.ofSeconds(30),
        () -> f.nodes("ExecutionTrace").size() == 2 && f.nodes("Divergence").size() == 1);
    JsonArray divergences = f.nodes("Divergence");
    assertThat(divergences).hasSize(1);
    String specification = f.nodes("Specification").getJsonObject(0).getString("id");
    assertThat(specification).startsWith("SPECIFICATION-");

    // The amendment was proposed by the server: hypothesis, Amendment node, PENDING bead.
    JsonObject amendment =
        Await.value(
            "an amendment bead",
            Duration.ofSeconds(20),
            () -> {
              JsonArray items = ksp.get(f.api() + "/beads?type=amendment", f.viewer).items();
              return items.isEmpty() ? null : items.getJsonObject(0);
            });
    assertThat(amendment.getJsonObject("content").getString("status")).isEqualTo("PENDING");
    assertThat(amendment.getJsonObject("content").getString("target_bead_id")).isEqualTo(policy);
    assertThat(f.nodes("Hypothesis")).hasSize(1);
    String amendmentNode =
        amendment.getJsonObject("content").getString("artifact_graph_amendment_id");
    assertThat(f.node(amendmentNode).getString("type")).isEqualTo("Amendment");
    // The session ends FAILED once both outcomes and the amendment they led to are on its stream.
    List<String> kinds = f.kinds(de, "DIVERGENCE_DETECTED", "AMENDMENT_PROPOSED", "SESSION_FAILED");
    assertThat(kinds.get(kinds.size() - 1)).isEqualTo("SESSION_FAILED");
    assertThat(kinds).containsSubsequence("DEPLOYING", "AMENDMENT_PROPOSED", "SESSION_FAILED");
    assertThat(kinds).containsSubsequence("MONITORED", "SESSION_FAILED");
    assertThat(kinds).contains("EXECUTION_COMPLETE", "EXECUTION_FAILED");
    assertThat(kinds.stream().filter(k -> k.startsWith("SESSION_"))).hasSize(2);

    // A human adopts it (BP5): a new specification version and a superseding policy bead.
    HttpResult adopted =
        ksp.post(
            f.api() + "/loop/amendments/" + amendmentNode + "/adoption",
            f.operator,
            "{\"amendmentBeadId\":\"" + amendment.getString("beadId") + "\"}");
    assertThat(adopted.status()).as(adopted.toString()).isEqualTo(200);
    assertThat(adopted.json().getBoolean("adopted")).isTrue();
    String next = adopted.json().getString("newSpecificationId");
    JsonObject active = ksp.get(f.graph() + "/specifications/active", f.viewer).json();
    assertThat(active.getString("id")).isEqualTo(next);
    assertThat(f.hasEdge(next, "version_of", specification)).isTrue();
    JsonObject newPolicy =
        ksp.get(f.api() + "/beads/" + adopted.json().getString("newBeadId"), f.viewer).json();
    assertThat(newPolicy.getString("type")).isEqualTo("policy");
    // The hypothesis proposed lowering the org's autonomy after the failure; the new head says so.
    assertThat(newPolicy.getJsonObject("content").getString("autonomy")).isEqualTo("PROPOSE");
    assertThat(newPolicy.getString("beadId")).isNotEqualTo(policy);
    assertThat(newPolicy.getJsonObject("content").getString("scope")).isEqualTo("org");
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM bead_edge WHERE org_id = ? AND child_id = ? AND parent_id = ?"
                        + " AND rel = 'supersedes'",
                    f.org,
                    newPolicy.getString("beadId"),
                    policy))
        .as("the adopted policy supersedes the org's policy (core.md §6 item 6)")
        .isEqualTo(1);
  }
}
