package ai.koales.ksp.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.Streams;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** External producers append to a session's buffer (edges.md §2.3, §3.2, §4.1, §4.3). */
@SystemTest
class StreamProducerIT {

  @Test
  void aProducerWithTheHmacOfTheStreamIdAppendsGapFreeSeqs_scenario11(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sess-1");
    HttpResult first = streams.append(sess, Streams.sessionEvent("SESSION_SUBMITTED").build());
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json()).isEqualTo(Json.createObjectBuilder().add("seq", 1).build());
    assertThat(first.header("Location")).endsWith("/api/v1/streams/" + sess + "/replay?after=0");
    HttpResult second = streams.append(sess, Streams.sessionEvent("COMPILATION_STARTED").build());
    assertThat(second.json().getInt("seq")).isEqualTo(2);
  }

  @Test
  void theTokenOfOneStreamIsRefusedOnAnotherAndStoresNothing_scenario11(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess1 = Streams.newStreamId("sess-1");
    String sess2 = Streams.newStreamId("sess-2");
    streams.session(sess2, "SESSION_SUBMITTED");
    HttpResult r =
        streams.append(
            sess2, Streams.sessionEvent("DEPLOYING").build(), Streams.token(Streams.SECRET, sess1));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemCode()).isEqualTo("bad-producer-token");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM buffered_event WHERE session_id = ?", sess2))
        .isEqualTo(1);
  }

  @Test
  void aBadOrMissingSignatureStoresNothingAtAll(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("nosig");
    JsonObject event = Streams.sessionEvent("SESSION_SUBMITTED").build();
    String good = Streams.token(Streams.SECRET, sess);
    for (String bad :
        new String[] {
          null,
          "",
          Streams.token("another-secret", sess),
          good.toUpperCase(),
          good.substring(0, 63),
          good + "0"
        }) {
      HttpResult r = streams.append(sess, event, bad);
      assertThat(r.status()).as(String.valueOf(bad)).isEqualTo(401);
      assertThat(r.problemCode()).isEqualTo("bad-producer-token");
    }
    assertThat(ksp.db().count("SELECT COUNT(*) FROM buffer_meta WHERE session_id = ?", sess))
        .isZero();
    assertThat(ksp.db().count("SELECT COUNT(*) FROM session_event_log WHERE session_id = ?", sess))
        .isZero();
    HttpResult head = ksp.get("/api/v1/streams/" + sess + "/head", ksp.token(Ksp.VIEWER, "x"));
    assertThat(head.status()).isEqualTo(404);
  }

  @RepeatedTest(3)
  void fiftyConcurrentProducersGetSeqsOneToFiftyWithoutGapOrDuplicate_scenario12(Ksp ksp)
      throws Exception {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sess-3");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Callable<Long>> producers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        producers.add(
            () -> {
              HttpResult r = streams.append(sess, Streams.sessionEvent("BEAD_CLAIMED").build());
              assertThat(r.status()).as(r.toString()).isEqualTo(201);
              return r.json().getJsonNumber("seq").longValue();
            });
      }
      List<Long> seqs = new ArrayList<>();
      for (Future<Long> f : pool.invokeAll(producers)) {
        seqs.add(f.get());
      }
      Collections.sort(seqs);
      assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
      List<Long> stored =
          ksp
              .db()
              .query("SELECT seq FROM buffered_event WHERE session_id = ? ORDER BY seq", sess)
              .stream()
              .map(row -> ((Number) row.get("seq")).longValue())
              .toList();
      assertThat(stored).containsExactlyElementsOf(seqs);
      assertThat(
              ksp.db().count("SELECT COUNT(*) FROM session_event_log WHERE session_id = ?", sess))
          .isEqualTo(50);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAppendAfterTheTerminalEventIs409AndTheTipStays_scenario13(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sess-4");
    for (int i = 0; i < 6; i++) {
      streams.session(sess, "COMPILATION_STARTED");
    }
    assertThat(streams.session(sess, "SESSION_COMPLETED")).isEqualTo(7);
    HttpResult late = streams.append(sess, Streams.sessionEvent("MONITORED").build());
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.problemCode()).isEqualTo("stream-terminal");
    HttpResult head = ksp.get("/api/v1/streams/" + sess + "/head", ksp.token(Ksp.VIEWER, "x"));
    assertThat(head.json().getInt("tip_seq")).isEqualTo(7);
    assertThat(head.json().getBoolean("terminal")).isTrue();
  }

  @Test
  void aBodyForAnotherSessionOrBreakingTheEventRulesIs400AndStoresNothing(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("rules");
    HttpResult other =
        streams.append(sess, Streams.sessionEvent("DEPLOYING").add("sessionId", "someone").build());
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.problemCode()).isEqualTo("invalid-event");
    assertThat(other.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("sessionId");
    HttpResult noRun =
        streams.append(
            sess,
            Json.createObjectBuilder()
                .add("stream", "beadUpdates")
                .add("kind", "BEAD_UPDATE")
                .add("occurredAt", 1)
                .build());
    assertThat(noRun.status()).isEqualTo(400);
    HttpResult malformed =
        ksp.send(
            ksp.request("/api/v1/streams/" + sess + "/events", null)
                .header("Content-Type", "application/json")
                .header(Streams.TOKEN_HEADER, Streams.token(Streams.SECRET, sess))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"stream\":")));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.problemCode()).isEqualTo("malformed-json");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM buffer_meta WHERE session_id = ?", sess))
        .isZero();
  }

  @Test
  void anOversizedEventIs413AndAnUnsignedLargeOne401AndNothingIsStored(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("big");
    HttpResult r =
        streams.append(
            sess,
            Streams.sessionEvent("DEPLOYING")
                .add("payload", Json.createObjectBuilder().add("blob", "x".repeat(300 * 1024)))
                .build());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.problemCode()).isEqualTo("payload-too-large");
    HttpResult unsigned =
        streams.append(
            sess,
            Streams.sessionEvent("DEPLOYING")
                .add("payload", Json.createObjectBuilder().add("blob", "x".repeat(300 * 1024)))
                .build(),
            "0".repeat(64));
    assertThat(unsigned.status()).as("a large body is refused, not reset").isEqualTo(401);
    assertThat(ksp.db().count("SELECT COUNT(*) FROM buffer_meta WHERE session_id = ?", sess))
        .isZero();
  }

  @Test
  void streamIdsAreCheckedBeforeAnyBufferIsAddressed_scenario22(Ksp ksp) {
    Streams streams = new Streams(ksp);
    for (String bad : new String[] {"abc$%25", "a.b", "a:b", "x".repeat(129)}) {
      HttpResult r = streams.append(bad, Streams.sessionEvent("DEPLOYING").build(), "00");
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.problemCode()).isEqualTo("invalid-id");
      HttpResult replay = ksp.get("/api/v1/streams/" + bad + "/replay", ksp.token(Ksp.VIEWER, "x"));
      assertThat(replay.status()).as(bad).isEqualTo(400);
      assertThat(replay.problemCode()).isEqualTo("invalid-id");
    }
  }
}
