package ai.koales.ksp.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SseClient;
import ai.koales.ksp.it.support.Streams;
import ai.koales.ksp.it.support.SystemTest;
import ai.koales.ksp.it.support.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Live delivery over WebSocket and Server-Sent Events (api.md "Streams", edges.md §4). */
@SystemTest
class StreamLiveIT {

  static final Duration WAIT = Duration.ofSeconds(15);

  static URI ws(Ksp ksp, String streamId, String query) {
    return ksp.wsUri("/ws/streams/" + streamId + (query == null ? "" : "?" + query));
  }

  static long seqOf(String message) {
    return Json.createReader(new StringReader(message))
        .readObject()
        .getJsonNumber("seq")
        .longValue();
  }

  static List<Long> receive(WsClient c, int n) {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      seqs.add(seqOf(c.next(WAIT)));
    }
    return seqs;
  }

  static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void aWebSocketClientThatReconnectsAfterSeqKGetsExactlyTheRestThenLiveEvents(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("ws-resume");
    String token = ksp.token(Ksp.VIEWER, "x");
    for (int i = 0; i < 5; i++) {
      streams.session(sess, "BEAD_CLAIMED");
    }
    long k;
    try (WsClient first = WsClient.open(ws(ksp, sess, "after=0&access_token=" + token), null)) {
      assertThat(receive(first, 5)).containsExactlyElementsOf(range(1, 5));
      streams.session(sess, "BEAD_RELEASED");
      streams.session(sess, "BEAD_RELEASED");
      JsonObject live = first.nextJson(WAIT);
      assertThat(live.getJsonNumber("seq").longValue()).isEqualTo(6);
      assertThat(live.getString("kind")).isEqualTo("BEAD_RELEASED");
      assertThat(live.keySet())
          .containsExactly(
              "seq",
              "stream",
              "kind",
              "scopeRunId",
              "scopeAssemblyId",
              "payload",
              "occurredAt",
              "appendedAt",
              "terminal");
      k = 6;
    }
    for (int i = 0; i < 4; i++) {
      streams.session(sess, "BEAD_FAILED");
    }
    long tip = 11;
    try (WsClient again =
        WsClient.open(ws(ksp, sess, "after=" + k + "&access_token=" + token), null)) {
      assertThat(receive(again, (int) (tip - k))).containsExactlyElementsOf(range(k + 1, tip));
      streams.session(sess, "DEPLOYING");
      streams.session(sess, "MONITORED");
      assertThat(receive(again, 2)).containsExactly(tip + 1, tip + 2);
      assertThat(again.poll(Duration.ofMillis(700))).as("no duplicate after the seam").isNull();
    }
  }

  @Test
  void aLiveWebSocketSeesConcurrentAppendsInSeqOrderWithoutGap(Ksp ksp) throws Exception {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("ws-burst");
    streams.session(sess, "SESSION_SUBMITTED");
    try (WsClient c =
        WsClient.open(ws(ksp, sess, "access_token=" + ksp.token(Ksp.VIEWER, "x")), null)) {
      assertThat(receive(c, 1)).containsExactly(1L);
      Thread[] producers = new Thread[8];
      for (int t = 0; t < producers.length; t++) {
        producers[t] =
            new Thread(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    streams.session(sess, "BEAD_CLAIMED");
                  }
                });
        producers[t].start();
      }
      for (Thread t : producers) {
        t.join();
      }
      assertThat(receive(c, 80)).containsExactlyElementsOf(range(2, 81));
    }
  }

  @Test
  void theTokenMayComeAsTheFirstMessage(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("ws-first");
    streams.session(sess, "SESSION_SUBMITTED");
    try (WsClient c = WsClient.open(ws(ksp, sess, null), null)) {
      c.send(Json.createObjectBuilder().add("access_token", ksp.token(Ksp.VIEWER, "x")).build());
      assertThat(seqOf(c.next(WAIT))).isEqualTo(1);
    }
    try (WsClient c = WsClient.open(ws(ksp, sess, "after=0"), null)) {
      c.send(ksp.token(Ksp.AGENT, "x"));
      assertThat(seqOf(c.next(WAIT))).isEqualTo(1);
    }
  }

  @Test
  void aBadFirstMessageTokenCloses4401AndNoTokenInTimeCloses4408(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("ws-auth");
    streams.session(sess, "SESSION_SUBMITTED");
    try (WsClient c = WsClient.open(ws(ksp, sess, null), null)) {
      c.send("not.a.token");
      assertThat(c.awaitClose(WAIT).code()).isEqualTo(4401);
      assertThat(c.drained()).isEmpty();
    }
    try (WsClient c = WsClient.open(ws(ksp, sess, null), null)) {
      assertThat(c.awaitClose(WAIT).code()).isEqualTo(4408);
      assertThat(c.drained()).isEmpty();
    }
    try (WsClient c = WsClient.open(ws(ksp, sess, null), null)) {
      c.send(ksp.tokens().mint("stranger", List.of("other-app"), List.of("x")));
      assertThat(c.awaitClose(WAIT).code()).isEqualTo(4403);
    }
  }

  @Test
  void handshakeRefusalsAreProblemAnswers_scenario22(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("ws-hs");
    streams.session(sess, "SESSION_SUBMITTED");
    String viewer = ksp.token(Ksp.VIEWER, "x");
    assertThat(WsClient.refusedStatus(ws(ksp, "abc$%25", "access_token=" + viewer))).isEqualTo(400);
    assertThat(WsClient.refusedStatus(ws(ksp, sess, "after=abc&access_token=" + viewer)))
        .isEqualTo(400);
    assertThat(WsClient.refusedStatus(ws(ksp, sess, "access_token=garbage"))).isEqualTo(401);
    String ghost = Streams.newStreamId("ghost");
    assertThat(WsClient.refusedStatus(ws(ksp, ghost, "access_token=" + viewer))).isEqualTo(404);
    assertThat(WsClient.refusedStatus(ws(ksp, sess, "access_token=" + viewer)))
        .as("the upgrade reaches the endpoint (101)")
        .isEqualTo(-1);
    HttpResult plain = ksp.get("/ws/streams/" + sess, viewer);
    assertThat(plain.status()).isEqualTo(426);
    assertThat(plain.problemCode()).isEqualTo("upgrade-required");
    try (WsClient c = WsClient.open(ws(ksp, ghost, null), null)) {
      c.send(viewer);
      assertThat(c.awaitClose(WAIT).code()).isEqualTo(4404);
    }
  }

  @Test
  void aStreamOfAnOrgIsRefusedToOtherOrgsOverWebSocket(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String org = Ksp.newOrg("ws-org");
    String sess = Streams.newStreamId("ws-org");
    ksp.db()
        .update(
            "INSERT INTO session_state (session_id, assembly_id, status, created_at, updated_at,"
                + " org_id) VALUES (?, 'asm', 'SUBMITTED', 1, 1, ?)",
            sess,
            org);
    streams.session(sess, "SESSION_SUBMITTED");
    assertThat(
            WsClient.refusedStatus(
                ws(ksp, sess, "access_token=" + ksp.token(Ksp.VIEWER, "elsewhere"))))
        .isEqualTo(403);
    try (WsClient c = WsClient.open(ws(ksp, sess, null), null)) {
      c.send(ksp.token(Ksp.VIEWER, "elsewhere"));
      assertThat(c.awaitClose(WAIT).code()).isEqualTo(4403);
    }
    try (WsClient c =
        WsClient.open(ws(ksp, sess, "access_token=" + ksp.token(Ksp.VIEWER, org)), null)) {
      assertThat(seqOf(c.next(WAIT))).isEqualTo(1);
    }
  }

  @Test
  void afterTheTerminalEventTheSocketClosesNormally_edges_4_3(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("ws-end");
    streams.session(sess, "SESSION_SUBMITTED");
    try (WsClient c =
        WsClient.open(ws(ksp, sess, "access_token=" + ksp.token(Ksp.VIEWER, "x")), null)) {
      assertThat(seqOf(c.next(WAIT))).isEqualTo(1);
      streams.session(sess, "SESSION_COMPLETED");
      JsonObject last = c.nextJson(WAIT);
      assertThat(last.getBoolean("terminal")).isTrue();
      WsClient.Close close = c.awaitClose(WAIT);
      assertThat(close.code()).isEqualTo(1000);
      assertThat(close.reason()).isEqualTo("SESSION_TERMINAL");
    }
  }

  @Test
  void anIdleSocketIsKeptAliveWithPings(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("ws-ping");
    streams.session(sess, "SESSION_SUBMITTED");
    try (WsClient c =
        WsClient.open(ws(ksp, sess, "access_token=" + ksp.token(Ksp.VIEWER, "x")), null)) {
      assertThat(seqOf(c.next(WAIT))).isEqualTo(1);
      Await.until("a keep-alive ping", Duration.ofSeconds(15), () -> c.pings() > 0);
    }
  }

  @Test
  void anIdleSseConnectionIsKeptAliveWithComments(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sse-ping");
    streams.session(sess, "SESSION_SUBMITTED");
    try (SseClient c =
        SseClient.open(
            ksp, "/api/v1/streams/" + sess + "/events", ksp.token(Ksp.VIEWER, "x"), null)) {
      assertThat(c.next(WAIT).id()).isEqualTo("1");
      assertThat(c.comments()).isZero();
      // The test server's keep-alive is 5 s.
      Await.until("a keep-alive comment", Duration.ofSeconds(15), () -> c.comments() > 0);
      assertThat(c.ended()).isFalse();
      streams.session(sess, "COMPILATION_STARTED");
      assertThat(c.next(WAIT).id()).as("the kept-alive connection still delivers").isEqualTo("2");
    }
  }

  @Test
  void anSseClientThatReconnectsWithLastEventIdGetsExactlyTheRestThenLiveEvents(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sse-resume");
    String token = ksp.token(Ksp.VIEWER, "x");
    String path = "/api/v1/streams/" + sess + "/events";
    for (int i = 0; i < 3; i++) {
      streams.session(sess, "BEAD_CLAIMED");
    }
    String k;
    try (SseClient first = SseClient.open(ksp, path, token, null)) {
      assertThat(first.response().headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      for (long seq = 1; seq <= 3; seq++) {
        SseClient.Event e = first.next(WAIT);
        assertThat(e.id()).isEqualTo(Long.toString(seq));
        assertThat(seqOf(e.data())).isEqualTo(seq);
      }
      streams.session(sess, "BEAD_RELEASED");
      SseClient.Event live = first.next(WAIT);
      assertThat(live.id()).isEqualTo("4");
      k = live.id();
    }
    for (int i = 0; i < 3; i++) {
      streams.session(sess, "BEAD_FAILED");
    }
    try (SseClient again = SseClient.open(ksp, path, token, k)) {
      for (long seq = 5; seq <= 7; seq++) {
        assertThat(again.next(WAIT).id()).isEqualTo(Long.toString(seq));
      }
      streams.session(sess, "DEPLOYING");
      assertThat(again.next(WAIT).id()).isEqualTo("8");
      assertThat(again.poll(Duration.ofMillis(700))).isNull();
      streams.session(sess, "SESSION_FAILED");
      assertThat(again.next(WAIT).id()).isEqualTo("9");
      SseClient.Event end = again.next(WAIT);
      assertThat(end.name()).isEqualTo("end");
      assertThat(end.data()).contains("SESSION_TERMINAL");
      Await.until("the server ends the response", WAIT, again::ended);
    }
    try (SseClient byQuery = SseClient.open(ksp, path + "?after=8", token, null)) {
      assertThat(byQuery.next(WAIT).id()).isEqualTo("9");
    }
  }

  @Test
  void sseRefusalsArriveBeforeTheStreamStarts(Ksp ksp) {
    String viewer = ksp.token(Ksp.VIEWER, "x");
    HttpResult ghost =
        ksp.send(
            ksp.request("/api/v1/streams/" + Streams.newStreamId("ghost") + "/events", viewer)
                .header("Accept", "text/event-stream")
                .GET());
    assertThat(ghost.status()).isEqualTo(404);
    assertThat(ghost.problemCode()).isEqualTo("stream-not-found");
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sse-bad");
    streams.session(sess, "SESSION_SUBMITTED");
    HttpResult bad =
        ksp.send(
            ksp.request("/api/v1/streams/" + sess + "/events", viewer)
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", "x1")
                .GET());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.problemCode()).isEqualTo("invalid-cursor");
  }
}
