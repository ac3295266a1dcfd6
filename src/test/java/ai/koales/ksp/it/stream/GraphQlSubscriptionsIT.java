package ai.koales.ksp.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.GraphQl;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.Streams;
import ai.koales.ksp.it.support.SystemTest;
import ai.koales.ksp.it.support.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** GraphQL subscriptions over graphql-transport-ws (edges.md §1.7, §4.4, §4.5). */
@SystemTest
class GraphQlSubscriptionsIT {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final String SESSION_EVENTS = "subscription($s: ID!) { sessionEvents(sessionId: $s) }";

  static JsonObject sessionEvents(String id, String sessionId, Long lastSeq) {
    JsonObject payload =
        Json.createObjectBuilder()
            .add("query", SESSION_EVENTS)
            .add("variables", Json.createObjectBuilder().add("s", sessionId))
            .add(
                "extensions",
                lastSeq == null
                    ? Json.createObjectBuilder()
                    : Json.createObjectBuilder().add("lastSeq", lastSeq))
            .build();
    return Json.createObjectBuilder()
        .add("id", id)
        .add("type", "subscribe")
        .add("payload", payload)
        .build();
  }

  /** The seqs of the next {@code n} events, checking every frame carries {@code id}. */
  static List<Long> nextSeqs(WsClient ws, String id, String field, int n) {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonObject m = GraphQl.next(ws, WAIT);
      assertThat(m.getString("type")).as(m.toString()).isEqualTo("next");
      assertThat(m.getString("id")).isEqualTo(id);
      seqs.add(
          m.getJsonObject("payload")
              .getJsonObject("data")
              .getJsonObject(field)
              .getJsonNumber("seq")
              .longValue());
    }
    return seqs;
  }

  static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void aResubscriptionWithLastSeqGetsTheRestThenLiveWithoutDuplicate_scenario20(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gql-20");
    for (int i = 0; i < 5; i++) {
      streams.session(sess, "BEAD_CLAIMED");
    }
    String token = ksp.token(Ksp.VIEWER, "x");
    GraphQl gql = new GraphQl(ksp);
    try (WsClient ws = gql.connect(token)) {
      ws.send(sessionEvents("a", sess, null));
      assertThat(nextSeqs(ws, "a", "sessionEvents", 5)).containsExactlyElementsOf(range(1, 5));
    }
    for (int i = 0; i < 4; i++) {
      streams.session(sess, "BEAD_RELEASED");
    }
    try (WsClient ws = gql.connect(token)) {
      ws.send(sessionEvents("b", sess, 5L));
      assertThat(nextSeqs(ws, "b", "sessionEvents", 4)).containsExactlyElementsOf(range(6, 9));
      streams.session(sess, "DEPLOYING");
      assertThat(nextSeqs(ws, "b", "sessionEvents", 1)).containsExactly(10L);
      assertThat(ws.poll(Duration.ofMillis(700))).as("no server duplicate").isNull();
    }
  }

  @Test
  void subscriptionObjectsCarryTheBufferedEventsData_edges_1_7(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gql-data");
    ksp.db()
        .update(
            "INSERT INTO session_state (session_id, assembly_id, work_order_id, status, created_at,"
                + " updated_at) VALUES (?, 'asm', 'WO-77', 'SUBMITTED', 1, 1)",
            sess);
    streams.append(
        sess,
        Streams.sessionEvent("COMPILATION_STARTED").add("occurredAt", 1_700_000_000_000L).build());
    try (WsClient ws = new GraphQl(ksp).connect(ksp.token(Ksp.VIEWER, "x"))) {
      ws.send(sessionEvents("x1", sess, 0L));
      JsonObject m = GraphQl.next(ws, WAIT);
      JsonObject e =
          m.getJsonObject("payload").getJsonObject("data").getJsonObject("sessionEvents");
      assertThat(e.getJsonNumber("seq").longValue()).isEqualTo(1);
      assertThat(e.getString("sessionId")).isEqualTo(sess);
      assertThat(e.getString("workOrderId")).isEqualTo("WO-77");
      assertThat(e.getString("kind")).isEqualTo("COMPILATION_STARTED");
      assertThat(e.getString("occurredAt")).isEqualTo("2023-11-14T22:13:20Z");
      assertThat(e.getJsonObject("payload").getString("note")).isEqualTo("COMPILATION_STARTED");
    }
  }

  @Test
  void beadUpdatesAndArtifactWritesFollowTheirScopeAcrossSessions_edges_4_2(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String run = "run-" + Streams.newStreamId("r");
    String asm = "asm-" + Streams.newStreamId("a");
    String s1 = Streams.newStreamId("scope-1");
    String s2 = Streams.newStreamId("scope-2");
    streams.append(s1, Streams.beadUpdate(run, "atom-1", "in_progress").build());
    streams.append(s1, Streams.beadUpdate("other-run", "atom-9", "done").build());
    streams.append(s2, Streams.artifactWrite(asm, "art-a").build());
    try (WsClient ws = new GraphQl(ksp).connect(ksp.token(Ksp.VIEWER, "x"))) {
      ws.send(
          GraphQl.subscribe("beads", "subscription { beadUpdates(runId: \"" + run + "\") }", null));
      JsonObject bead =
          GraphQl.next(ws, WAIT)
              .getJsonObject("payload")
              .getJsonObject("data")
              .getJsonObject("beadUpdates");
      assertThat(bead.getJsonNumber("seq").longValue()).isEqualTo(1);
      assertThat(bead.getString("atomId")).isEqualTo("atom-1");
      assertThat(bead.getString("runId")).isEqualTo(run);
      assertThat(bead.getString("status")).isEqualTo("in_progress");
      assertThat(bead.getString("occurredAt")).endsWith("Z");
      ws.send(
          GraphQl.subscribe(
              "arts", "subscription { artifactWrites(assemblyId: \"" + asm + "\") }", null));
      JsonObject art =
          GraphQl.next(ws, WAIT)
              .getJsonObject("payload")
              .getJsonObject("data")
              .getJsonObject("artifactWrites");
      assertThat(art.getString("artifactId")).isEqualTo("art-a");
      assertThat(art.getString("sessionId")).isEqualTo(s2);
      assertThat(art.getString("r2Path")).isEqualTo("artifacts/art-a");
      assertThat(art.getString("contentHash")).isEqualTo("sha256:art-a");
      streams.append(s1, Streams.artifactWrite(asm, "art-b").build());
      streams.append(s2, Streams.beadUpdate(run, "atom-2", "done").build());
      List<JsonObject> live = List.of(GraphQl.next(ws, WAIT), GraphQl.next(ws, WAIT));
      assertThat(live)
          .anySatisfy(
              m -> {
                assertThat(m.getString("id")).isEqualTo("arts");
                assertThat(
                        m.getJsonObject("payload")
                            .getJsonObject("data")
                            .getJsonObject("artifactWrites")
                            .getString("sessionId"))
                    .isEqualTo(s1);
              })
          .anySatisfy(
              m -> {
                assertThat(m.getString("id")).isEqualTo("beads");
                assertThat(
                        m.getJsonObject("payload")
                            .getJsonObject("data")
                            .getJsonObject("beadUpdates")
                            .getString("atomId"))
                    .isEqualTo("atom-2");
              });
    }
  }

  @Test
  void artifactWritesResumeFromPerSessionCursors_Q18(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String asm = "asm-" + Streams.newStreamId("q18");
    String s1 = Streams.newStreamId("q18-a");
    String s2 = Streams.newStreamId("q18-b");
    streams.append(s1, Streams.artifactWrite(asm, "a1").build());
    streams.append(s1, Streams.artifactWrite(asm, "a2").build());
    streams.append(s2, Streams.artifactWrite(asm, "b1").build());
    streams.append(s2, Streams.artifactWrite(asm, "b2").build());
    try (WsClient ws = new GraphQl(ksp).connect(ksp.token(Ksp.VIEWER, "x"))) {
      ws.send(
          GraphQl.subscribe(
              "q",
              "subscription { artifactWrites(assemblyId: \"" + asm + "\") }",
              Json.createObjectBuilder()
                  .add("lastSeqBySession", Json.createObjectBuilder().add(s1, 1).add(s2, 2))
                  .build()));
      JsonObject only =
          GraphQl.next(ws, WAIT)
              .getJsonObject("payload")
              .getJsonObject("data")
              .getJsonObject("artifactWrites");
      assertThat(only.getString("artifactId")).isEqualTo("a2");
      assertThat(ws.poll(Duration.ofMillis(700))).isNull();
    }
  }

  @Test
  void anExpiredBufferOfAnActiveSessionGivesAnErrorAndNoNext_scenario19(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gql-19");
    ksp.db()
        .update(
            "INSERT INTO session_state (session_id, assembly_id, status, created_at, updated_at)"
                + " VALUES (?, 'asm', 'DEPLOYING', 1, 1)",
            sess);
    streams.session(sess, "DEPLOYING");
    ksp.db()
        .update(
            "UPDATE buffer_meta SET last_write_at = ? WHERE session_id = ?",
            System.currentTimeMillis() - Duration.ofMinutes(3).toMillis(),
            sess);
    Await.until(
        "the sweeper deletes the buffer",
        Duration.ofSeconds(20),
        () -> ksp.db().count("SELECT COUNT(*) FROM buffer_meta WHERE session_id = ?", sess) == 0);
    try (WsClient ws = new GraphQl(ksp).connect(ksp.token(Ksp.VIEWER, "x"))) {
      ws.send(sessionEvents("s19", sess, 142L));
      JsonObject m = GraphQl.next(ws, WAIT);
      assertThat(m.getString("type")).isEqualTo("error");
      assertThat(m.getString("id")).isEqualTo("s19");
      JsonObject ext = m.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions");
      assertThat(ext.getString("code")).isEqualTo("REPLAY_UNAVAILABLE");
      assertThat(ext.getInt("fromSeq")).isEqualTo(142);
      assertThat(ext.getString("grpcMethod"))
          .isEqualTo("weops.factory.v1.FactoryGateway/ResumeStream");
      assertThat(ext.getString("guidance")).contains("142");
      assertThat(ws.poll(Duration.ofMillis(700))).as("no next").isNull();
    }
  }

  @Test
  void anEndedSessionWhoseBufferExpiredIsReplayedFromTheLogThenCompletes_scenario18(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gql-18");
    streams.session(sess, "SESSION_SUBMITTED");
    streams.session(sess, "COMPILATION_STARTED");
    streams.session(sess, "SESSION_COMPLETED");
    Await.until(
        "the terminal grace passes and the sweeper deletes the buffer",
        WAIT,
        () -> ksp.db().count("SELECT COUNT(*) FROM buffer_meta WHERE session_id = ?", sess) == 0);
    try (WsClient ws = new GraphQl(ksp).connect(ksp.token(Ksp.VIEWER, "x"))) {
      ws.send(sessionEvents("late", sess, 1L));
      assertThat(nextSeqs(ws, "late", "sessionEvents", 2)).containsExactly(2L, 3L);
      JsonObject complete = GraphQl.next(ws, WAIT);
      assertThat(complete.getString("type")).as(complete.toString()).isEqualTo("complete");
      assertThat(complete.getString("id")).isEqualTo("late");
      // The socket stays open for other operations.
      ws.send(sessionEvents("again", sess, 0L));
      assertThat(nextSeqs(ws, "again", "sessionEvents", 3)).containsExactly(1L, 2L, 3L);
      assertThat(GraphQl.next(ws, WAIT).getString("type")).isEqualTo("complete");
    }
  }

  @Test
  void whenTheBufferExpiresTheSubscriptionCompletesAndTheSocketCloses_scenario17(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gql-17");
    streams.session(sess, "SESSION_SUBMITTED");
    try (WsClient ws = new GraphQl(ksp).connect(ksp.token(Ksp.VIEWER, "x"))) {
      ws.send(sessionEvents("e", sess, null));
      assertThat(nextSeqs(ws, "e", "sessionEvents", 1)).containsExactly(1L);
      ksp.db()
          .update(
              "UPDATE buffer_meta SET last_write_at = ? WHERE session_id = ?",
              System.currentTimeMillis() - Duration.ofMinutes(3).toMillis(),
              sess);
      JsonObject complete = GraphQl.next(ws, Duration.ofSeconds(20));
      assertThat(complete.getString("type")).isEqualTo("complete");
      assertThat(complete.getString("id")).isEqualTo("e");
      WsClient.Close close = ws.awaitClose(WAIT);
      assertThat(close.code()).isEqualTo(1000);
      assertThat(close.reason()).isEqualTo("REPLAY_WINDOW_EXPIRED");
    }
  }

  @Test
  void framesCarryTheClientsIdAndNothingPrecedesTheAck_scenario21(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gql-21");
    streams.session(sess, "SESSION_SUBMITTED");
    try (WsClient ws = WsClient.open(ksp.wsUri("/graphql"), GraphQl.SUBPROTOCOL)) {
      ws.send(
          Json.createObjectBuilder()
              .add("type", "connection_init")
              .add(
                  "payload",
                  Json.createObjectBuilder().add("authorization", ksp.token(Ksp.VIEWER, "x")))
              .build());
      assertThat(ws.nextJson(WAIT).getString("type")).isEqualTo("connection_ack");
      ws.send(sessionEvents("sub-7", sess, null));
      assertThat(nextSeqs(ws, "sub-7", "sessionEvents", 1)).containsExactly(1L);
      ws.send(Json.createObjectBuilder().add("type", "ping").build());
      assertThat(GraphQl.next(ws, WAIT).getString("type")).isEqualTo("pong");
      streams.session(sess, "SESSION_COMPLETED");
      assertThat(nextSeqs(ws, "sub-7", "sessionEvents", 1)).containsExactly(2L);
      JsonObject complete = GraphQl.next(ws, WAIT);
      assertThat(complete.getString("type")).isEqualTo("complete");
      assertThat(complete.getString("id")).isEqualTo("sub-7");
    }
  }

  @Test
  void noConnectionInitInTimeCloses4408(Ksp ksp) {
    try (WsClient ws = WsClient.open(ksp.wsUri("/graphql"), GraphQl.SUBPROTOCOL)) {
      WsClient.Close close = ws.awaitClose(WAIT);
      assertThat(close.code()).isEqualTo(4408);
      assertThat(ws.drained()).isEmpty();
    }
  }

  @Test
  void protocolViolationsCloseWithTheirCodes_edges_4_4(Ksp ksp) {
    String token = ksp.token(Ksp.VIEWER, "x");
    GraphQl gql = new GraphQl(ksp);
    try (WsClient ws = WsClient.open(ksp.wsUri("/graphql"), GraphQl.SUBPROTOCOL)) {
      ws.send(sessionEvents("early", "x", null));
      assertThat(ws.awaitClose(WAIT).code()).as("subscribe before ack").isEqualTo(4401);
      assertThat(ws.drained()).isEmpty();
    }
    try (WsClient ws = gql.connect(token)) {
      ws.send(Json.createObjectBuilder().add("type", "connection_init").build());
      assertThat(ws.awaitClose(WAIT).code()).as("second connection_init").isEqualTo(4429);
    }
    try (WsClient ws = gql.connect(token)) {
      ws.send("{not json");
      assertThat(ws.awaitClose(WAIT).code()).isEqualTo(4400);
    }
    String sess = Streams.newStreamId("gql-dup");
    new Streams(ksp).session(sess, "SESSION_SUBMITTED");
    try (WsClient ws = gql.connect(token)) {
      ws.send(sessionEvents("same", sess, null));
      ws.send(sessionEvents("same", sess, null));
      assertThat(ws.awaitClose(WAIT).code()).as("duplicate id").isEqualTo(4409);
    }
    try (WsClient ws = WsClient.open(ksp.wsUri("/graphql"), GraphQl.SUBPROTOCOL)) {
      ws.send(
          Json.createObjectBuilder()
              .add("type", "connection_init")
              .add("payload", Json.createObjectBuilder().add("authorization", "Bearer nope"))
              .build());
      assertThat(ws.awaitClose(WAIT).code()).as("bad token").isEqualTo(4403);
    }
    try (WsClient ws =
        WsClient.open(ksp.wsUri("/graphql?access_token=" + token), GraphQl.SUBPROTOCOL)) {
      ws.send(Json.createObjectBuilder().add("type", "connection_init").build());
      assertThat(ws.nextJson(WAIT).getString("type"))
          .as("token from the query string")
          .isEqualTo("connection_ack");
    }
  }

  @Test
  void aClientCompleteEndsOnlyThatSubscription(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String a = Streams.newStreamId("gql-ca");
    String b = Streams.newStreamId("gql-cb");
    streams.session(a, "SESSION_SUBMITTED");
    streams.session(b, "SESSION_SUBMITTED");
    try (WsClient ws = new GraphQl(ksp).connect(ksp.token(Ksp.VIEWER, "x"))) {
      ws.send(sessionEvents("A", a, null));
      ws.send(sessionEvents("B", b, null));
      List<String> ids =
          List.of(GraphQl.next(ws, WAIT).getString("id"), GraphQl.next(ws, WAIT).getString("id"));
      assertThat(ids).containsExactlyInAnyOrder("A", "B");
      ws.send(Json.createObjectBuilder().add("id", "A").add("type", "complete").build());
      streams.session(a, "DEPLOYING");
      streams.session(b, "DEPLOYING");
      JsonObject m = GraphQl.next(ws, WAIT);
      assertThat(m.getString("id")).isEqualTo("B");
      assertThat(ws.poll(Duration.ofMillis(700))).isNull();
      assertThat(ws.isClosed()).isFalse();
    }
  }

  @Test
  void anUnknownSessionOrAnotherOrgsSessionIsAnErrorMessage(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String org = Ksp.newOrg("gql-sub");
    String sess = Streams.newStreamId("gql-org");
    ksp.db()
        .update(
            "INSERT INTO session_state (session_id, assembly_id, status, created_at, updated_at,"
                + " org_id) VALUES (?, 'asm', 'SUBMITTED', 1, 1, ?)",
            sess,
            org);
    streams.session(sess, "SESSION_SUBMITTED");
    try (WsClient ws = new GraphQl(ksp).connect(ksp.token(Ksp.VIEWER, "elsewhere"))) {
      ws.send(sessionEvents("o", sess, null));
      JsonObject m = GraphQl.next(ws, WAIT);
      assertThat(m.getString("type")).isEqualTo("error");
      assertThat(
              m.getJsonArray("payload")
                  .getJsonObject(0)
                  .getJsonObject("extensions")
                  .getString("code"))
          .isEqualTo("FORBIDDEN");
      ws.send(sessionEvents("g", Streams.newStreamId("ghost"), null));
      JsonObject ghost = GraphQl.next(ws, WAIT);
      assertThat(ghost.getString("id")).isEqualTo("g");
      assertThat(
              ghost
                  .getJsonArray("payload")
                  .getJsonObject(0)
                  .getJsonObject("extensions")
                  .getString("code"))
          .isEqualTo("NOT_FOUND");
    }
  }
}
