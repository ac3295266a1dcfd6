package ai.koales.ksp.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.Connect;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session submitted through the gateway runs to its end (edges.md §1.1 kinds 24-26, §4.3, §4.5):
 * commissioning compiles it without a human gate, the built-in deterministic agents execute its
 * atoms, and once the run finished and every outcome was recorded the session ends with {@code
 * SESSION_COMPLETED}: SubmitSession delivers it last and closes with the end frame, the head says
 * terminal, and after the terminal grace ResumeStream replays the whole session from the durable
 * log.
 */
@SystemTest
class GatewaySessionEndIT {

  static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void aCompletedRunEndsItsSessionAndTheStreamsThatFollowIt(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-end");
    String elc = "ELC-end";
    HttpResult node =
        ksp.post(
            "/api/v1/orgs/" + g.org + "/graphs/main/nodes",
            g.operator,
            Json.createObjectBuilder()
                .add("id", elc)
                .add("nodeType", "ElucidationArtifact")
                .add("title", "Two steps")
                .add("problem", "Nothing is shipped.")
                .add("goal", "Shipped")
                .add("acceptanceCriteria", Json.createArrayBuilder().add("build").add("ship"))
                .build()
                .toString());
    assertThat(node.status()).as(node.toString()).isEqualTo(201);
    String id = Gateway.newSessionId("end");
    Map<String, Object> durable = new LinkedHashMap<>();
    durable.put("elucidation_artifact_id", elc);
    durable.put("repo_id", "repo-end");
    durable.put("require_human_approval", false);
    JsonObject submission =
        Connect.submit(
            Connect.outbound(id, g.org, "WO-" + id, durable).build(), "agent", "BCO-end");

    List<JsonObject> events = new ArrayList<>();
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, submission.toString())) {
      assertThat(s.status()).isEqualTo(200);
      List<Connect.Frame> frames = s.untilEnd(WAIT);
      Connect.Frame end = frames.get(frames.size() - 1);
      assertThat(end.isEnd()).as("the stream ends with the end frame: %s", frames).isTrue();
      assertThat(new String(end.bytes(), StandardCharsets.UTF_8)).isEqualTo("{}");
      frames.subList(0, frames.size() - 1).forEach(f -> events.add(f.json()));
    }
    List<String> kinds = events.stream().map(e -> e.getString("kind")).toList();
    // In seq order (the run's beadUpdates share the session's seq, so sessionEvents skip theirs).
    List<Long> seqs = events.stream().map(e -> Long.parseLong(e.getString("seq"))).toList();
    assertThat(seqs).isSorted().doesNotHaveDuplicates().startsWith(1L);
    long tip = seqs.get(seqs.size() - 1);
    assertThat(kinds.get(kinds.size() - 1)).isEqualTo("SESSION_COMPLETED");
    assertThat(kinds).containsSubsequence("SESSION_SUBMITTED", "DEPLOYING", "MONITORED");
    // Both atoms' executions were recorded (BP3) before the session ended: nothing was dropped.
    assertThat(kinds.stream().filter("BEAD_RELEASED"::equals)).hasSize(2);
    assertThat(kinds.stream().filter("EXECUTION_COMPLETE"::equals)).hasSize(2);
    assertThat(kinds).doesNotContain("SESSION_FAILED", "EXECUTION_FAILED");
    JsonObject terminal = events.get(events.size() - 1).getJsonObject("terminal");
    assertThat(terminal.getString("outcome")).isEqualTo("COMPLETED");
    assertThat(terminal.getString("finalArtifactId")).startsWith("SPECIFICATION-");
    JsonObject summary = terminal.getJsonObject("summary").getJsonObject("summary");
    assertThat(summary.getString("runStatus")).isEqualTo("COMPLETE");
    assertThat(summary.getJsonNumber("done").intValue()).isEqualTo(2);
    assertThat(summary.getString("specificationId"))
        .isEqualTo(terminal.getString("finalArtifactId"));
    assertThat(g.status(id)).isEqualTo("idle");

    HttpResult head = ksp.get("/api/v1/streams/" + id + "/head", g.viewer);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.json().getBoolean("terminal")).isTrue();
    assertThat(head.json().getJsonNumber("tip_seq").longValue()).isEqualTo(tip);
    assertThat(
            ksp.db()
                .query("SELECT status FROM session_state WHERE session_id = ?", id)
                .get(0)
                .values()
                .iterator()
                .next())
        .isEqualTo("COMPLETED");

    // The terminal grace passes (4 s on the test server) and the sweeper drops the buffer.
    Await.until(
        "the buffer of the ended session expires",
        WAIT,
        () -> ksp.db().count("SELECT COUNT(*) FROM buffer_meta WHERE session_id = ?", id) == 0);
    try (Connect.Stream s =
        g.connect.stream(
            "ResumeStream", g.viewer, "{\"sessionId\":\"" + id + "\",\"fromSequence\":\"2\"}")) {
      List<Connect.Frame> frames = s.untilEnd(WAIT);
      List<Long> resumed = new ArrayList<>();
      for (Connect.Frame f : frames.subList(0, frames.size() - 1)) {
        resumed.add(Long.parseLong(f.json().getString("seq")));
      }
      assertThat(resumed).isEqualTo(seqs.subList(2, seqs.size()));
      assertThat(frames.get(frames.size() - 2).json().getString("kind"))
          .isEqualTo("SESSION_COMPLETED");
      assertThat(new String(frames.get(frames.size() - 1).bytes(), StandardCharsets.UTF_8))
          .isEqualTo("{}");
    }
    HttpResult replay =
        ksp.get("/api/v1/streams/" + id + "/replay?after=0&streams=sessionEvents", g.viewer);
    assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
    assertThat(replay.json().getBoolean("terminal")).isTrue();
    assertThat(replay.json().getJsonNumber("tip_seq").longValue()).isEqualTo(tip);
    assertThat(
            replay.json().getJsonArray("rows").getValuesAs(JsonObject.class).stream()
                .map(r -> r.getJsonNumber("seq").longValue())
                .toList())
        .isEqualTo(seqs);
  }
}
