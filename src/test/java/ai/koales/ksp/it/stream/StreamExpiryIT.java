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
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Buffer expiry (edges.md §4.5): TTL after the last write, grace after the terminal event, the
 * sweeper, and what readers get afterwards. The test server sweeps every second with a 2 min TTL
 * and a 4 s grace ({@code KspServer.TEST_CONFIG}); "time passing" for the TTL is a last write moved
 * into the past, exactly as an idle buffer would look.
 */
@SystemTest
class StreamExpiryIT {

  static final Duration TTL = Duration.ofMinutes(2);
  static final Duration WAIT = Duration.ofSeconds(20);

  static void lastWriteAt(Ksp ksp, String streamId, long epochMillis) {
    assertThat(
            ksp.db()
                .update(
                    "UPDATE buffer_meta SET last_write_at = ? WHERE session_id = ?",
                    epochMillis,
                    streamId))
        .isEqualTo(1);
  }

  static boolean bufferExists(Ksp ksp, String streamId) {
    return ksp.db().count("SELECT COUNT(*) FROM buffer_meta WHERE session_id = ?", streamId) > 0;
  }

  static long seqOf(String json) {
    return Json.createReader(new StringReader(json)).readObject().getJsonNumber("seq").longValue();
  }

  @Test
  void anIdleBufferLivesItsTtlThenTheSweeperDeletesItAndClosesSubscribers_scenario17(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sess-7");
    streams.session(sess, "SESSION_SUBMITTED");
    streams.session(sess, "COMPILATION_STARTED");
    String viewer = ksp.token(Ksp.VIEWER, "x");
    try (WsClient ws =
        WsClient.open(ksp.wsUri("/ws/streams/" + sess + "?access_token=" + viewer), null)) {
      assertThat(seqOf(ws.next(WAIT))).isEqualTo(1);
      assertThat(seqOf(ws.next(WAIT))).isEqualTo(2);
      // Last write at 10:00, now 10:29:57: alive until 10:30.
      lastWriteAt(ksp, sess, System.currentTimeMillis() - TTL.toMillis() + 3000);
      Await.stillFalse(
          "the buffer was swept before its expiry",
          Duration.ofMillis(1500),
          () -> !bufferExists(ksp, sess));
      assertThat(ksp.get("/api/v1/streams/" + sess + "/replay", viewer).status()).isEqualTo(200);
      Await.until("the sweeper deletes the buffer", WAIT, () -> !bufferExists(ksp, sess));
      assertThat(ksp.db().count("SELECT COUNT(*) FROM buffered_event WHERE session_id = ?", sess))
          .isZero();
      assertThat(
              ksp.db().count("SELECT COUNT(*) FROM session_event_log WHERE session_id = ?", sess))
          .as("the durable log is never expired")
          .isEqualTo(2);
      WsClient.Close close = ws.awaitClose(WAIT);
      assertThat(close.code()).isEqualTo(1000);
      assertThat(close.reason()).isEqualTo("REPLAY_WINDOW_EXPIRED");
    }
  }

  @Test
  void aWriteSlidesTheExpiry_scenario17(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("slide");
    streams.session(sess, "SESSION_SUBMITTED");
    // Last write at 10:00, now 10:29:58; a write at "10:20" moves the expiry to 10:50.
    lastWriteAt(ksp, sess, System.currentTimeMillis() - TTL.toMillis() + 2000);
    streams.session(sess, "DEPLOYING");
    Await.stillFalse(
        "the buffer expired although it was written to",
        Duration.ofSeconds(4),
        () -> !bufferExists(ksp, sess));
  }

  @Test
  void afterAnUnfinishedSessionsBufferExpiredReplayIsUnavailable_scenario16(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sess-6");
    for (int i = 0; i < 8; i++) {
      streams.session(sess, "BEAD_CLAIMED");
    }
    lastWriteAt(ksp, sess, System.currentTimeMillis() - TTL.toMillis() - 1000);
    Await.until("the sweeper deletes the buffer", WAIT, () -> !bufferExists(ksp, sess));
    String viewer = ksp.token(Ksp.VIEWER, "x");
    HttpResult r = ksp.get("/api/v1/streams/" + sess + "/replay?after=7", viewer);
    assertThat(r.status()).isEqualTo(410);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemCode()).isEqualTo("replay-unavailable");
    JsonObject p = r.json();
    assertThat(p.getString("code")).isEqualTo("REPLAY_UNAVAILABLE");
    assertThat(p.getInt("fromSeq")).isEqualTo(7);
    assertThat(p.getString("grpcMethod")).isEqualTo("weops.factory.v1.FactoryGateway/ResumeStream");
    assertThat(p.getString("guidance")).contains("from_sequence=7");
    HttpResult head = ksp.get("/api/v1/streams/" + sess + "/head", viewer);
    assertThat(head.json().getInt("tip_seq")).isEqualTo(8);
    assertThat(head.json().getBoolean("terminal")).isFalse();
    assertThat(
            WsClient.refusedStatus(
                ksp.wsUri("/ws/streams/" + sess + "?after=7&access_token=" + viewer)))
        .isEqualTo(410);
    try (WsClient ws = WsClient.open(ksp.wsUri("/ws/streams/" + sess + "?after=7"), null)) {
      ws.send(viewer);
      JsonObject unavailable = ws.nextJson(WAIT);
      assertThat(unavailable.getString("code")).isEqualTo("REPLAY_UNAVAILABLE");
      assertThat(unavailable.getInt("fromSeq")).isEqualTo(7);
      assertThat(ws.awaitClose(WAIT).code()).isEqualTo(4410);
    }
    HttpResult sse =
        ksp.send(
            ksp.request("/api/v1/streams/" + sess + "/events", viewer)
                .header("Accept", "text/event-stream")
                .GET());
    assertThat(sse.status()).isEqualTo(410);
  }

  @Test
  void aStreamWrittenAgainAfterExpiryContinuesItsSeqAndOlderCursorsAreUnavailable(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("reopen");
    streams.session(sess, "SESSION_SUBMITTED");
    streams.session(sess, "COMPILATION_STARTED");
    lastWriteAt(ksp, sess, System.currentTimeMillis() - TTL.toMillis() - 1000);
    Await.until("the sweeper deletes the buffer", WAIT, () -> !bufferExists(ksp, sess));
    assertThat(streams.session(sess, "COMPILATION_COMPLETE")).isEqualTo(3);
    String viewer = ksp.token(Ksp.VIEWER, "x");
    HttpResult fromTwo = ksp.get("/api/v1/streams/" + sess + "/replay?after=2", viewer);
    assertThat(fromTwo.status()).isEqualTo(200);
    assertThat(fromTwo.json().getJsonArray("rows")).hasSize(1);
    HttpResult fromZero = ksp.get("/api/v1/streams/" + sess + "/replay?after=0", viewer);
    assertThat(fromZero.status()).isEqualTo(410);
    assertThat(fromZero.json().getInt("fromSeq")).isZero();
  }

  @Test
  void anEndedSessionReplaysFromItsBufferThenFromTheDurableLog_scenario18(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sess-8");
    streams.session(sess, "SESSION_SUBMITTED");
    streams.session(sess, "DEPLOYING");
    streams.session(sess, "SESSION_COMPLETED");
    String viewer = ksp.token(Ksp.VIEWER, "x");
    String replay = "/api/v1/streams/" + sess + "/replay?after=1";
    HttpResult live = ksp.get(replay, viewer);
    assertThat(live.json().getJsonArray("rows")).hasSize(2);
    assertThat(live.json().getBoolean("terminal")).isTrue();
    Await.until(
        "the sweeper deletes the ended buffer after its grace",
        WAIT,
        () -> !bufferExists(ksp, sess));
    HttpResult durable = ksp.get(replay, viewer);
    assertThat(durable.status()).isEqualTo(200);
    assertThat(durable.json().getJsonArray("rows").getJsonObject(0).getInt("seq")).isEqualTo(2);
    assertThat(durable.json().getJsonArray("rows").getJsonObject(1).getString("kind"))
        .isEqualTo("SESSION_COMPLETED");
    assertThat(durable.json().getInt("tip_seq")).isEqualTo(3);
    assertThat(durable.json().getBoolean("terminal")).isTrue();
    try (WsClient ws =
        WsClient.open(ksp.wsUri("/ws/streams/" + sess + "?after=1&access_token=" + viewer), null)) {
      assertThat(seqOf(ws.next(WAIT))).isEqualTo(2);
      assertThat(seqOf(ws.next(WAIT))).isEqualTo(3);
      WsClient.Close close = ws.awaitClose(WAIT);
      assertThat(close.code()).isEqualTo(1000);
      assertThat(close.reason()).isEqualTo("SESSION_TERMINAL");
    }
    try (SseClient sse = SseClient.open(ksp, "/api/v1/streams/" + sess + "/events", viewer, "2")) {
      assertThat(sse.next(WAIT).id()).isEqualTo("3");
      assertThat(sse.next(WAIT).name()).isEqualTo("end");
    }
    HttpResult late = streams.append(sess, Streams.sessionEvent("MONITORED").build());
    assertThat(late.status()).as("an ended stream stays ended").isEqualTo(409);
    assertThat(bufferExists(ksp, sess)).isFalse();
  }
}
