package ai.koales.ksp.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.Connect;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.Streams;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's session streams (edges.md §2.1 ResumeStream, frames, §4.5, §4.6, §4.8): enveloped
 * SessionEvent frames in seq order (seq as the buffer numbers it, a string in JSON), then one
 * end-of-stream frame; live events after the replay; stream modes that filter without renumbering;
 * the durable log after the buffer expired; protobuf binary; Connect-Timeout-Ms.
 */
@SystemTest
class GatewayStreamIT {

  static final Duration WAIT = Duration.ofSeconds(20);

  static String resume(String sessionId, String fromSequence, String mode) {
    return "{\"sessionId\":\""
        + sessionId
        + "\",\"fromSequence\":\""
        + fromSequence
        + "\",\"streamMode\":\""
        + mode
        + "\"}";
  }

  static List<String> seqs(List<Connect.Frame> frames) {
    List<String> out = new ArrayList<>();
    for (Connect.Frame f : frames) {
      if (!f.isEnd()) {
        out.add(f.json().getString("seq"));
      }
    }
    return out;
  }

  @Test
  void aSessionThatEndsGivesItsEventsThenOneEmptyEndFrame_scenario7(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gw7");
    streams.session(sess, "SESSION_SUBMITTED");
    streams.session(sess, "COMPILATION_STARTED");
    streams.session(sess, "SESSION_COMPLETED");
    Connect connect = new Connect(ksp);
    try (Connect.Stream s =
        connect.stream(
            "ResumeStream",
            ksp.token(Ksp.VIEWER, "x"),
            resume(sess, "0", "STREAM_MODE_UNSPECIFIED"))) {
      assertThat(s.status()).isEqualTo(200);
      assertThat(s.contentType()).isEqualTo("application/connect+json");
      List<Connect.Frame> frames = s.untilEnd(WAIT);
      assertThat(frames).hasSize(4);
      assertThat(frames.subList(0, 3)).allMatch(f -> f.flag() == 0);
      assertThat(seqs(frames)).containsExactly("1", "2", "3");
      assertThat(frames.get(3).flag()).isEqualTo(2);
      assertThat(new String(frames.get(3).bytes(), StandardCharsets.UTF_8)).isEqualTo("{}");
      JsonObject first = frames.get(0).json();
      assertThat(first.getString("sessionId")).isEqualTo(sess);
      assertThat(first.getString("kind")).isEqualTo("SESSION_SUBMITTED");
      assertThat(first.getString("occurredAt")).endsWith("Z");
      assertThat(first.getJsonObject("stateTransition").getString("toState"))
          .isEqualTo("SUBMITTED");
      JsonObject last = frames.get(2).json();
      assertThat(last.getString("kind")).isEqualTo("SESSION_COMPLETED");
      assertThat(last.getJsonObject("terminal").getString("outcome")).isEqualTo("COMPLETED");
      assertThat(last.getJsonObject("terminal").getJsonObject("summary").getString("note"))
          .isEqualTo("SESSION_COMPLETED");
    }
  }

  @Test
  void resumeSendsWhatFollowsTheCursorThenLiveEventsAndModesFilterWithoutRenumbering_scenario8(
      Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gw8");
    for (String kind :
        new String[] {
          "SESSION_SUBMITTED",
          "COMPILATION_STARTED",
          "BEAD_CLAIMED",
          "BEAD_RELEASED",
          "COMPILATION_COMPLETE"
        }) {
      streams.session(sess, kind);
    }
    Connect connect = new Connect(ksp);
    String viewer = ksp.token(Ksp.VIEWER, "x");
    try (Connect.Stream all =
            connect.stream("ResumeStream", viewer, resume(sess, "2", "STREAM_MODE_ALL"));
        Connect.Stream terminalOnly =
            connect.stream("ResumeStream", viewer, resume(sess, "2", "STREAM_MODE_TERMINAL_ONLY"));
        Connect.Stream transitions =
            connect.stream(
                "ResumeStream", viewer, resume(sess, "0", "STREAM_MODE_STATE_TRANSITIONS"))) {
      assertThat(all.next(WAIT).json().getString("seq")).isEqualTo("3");
      Connect.Frame four = all.next(WAIT);
      assertThat(four.json().getString("seq")).isEqualTo("4");
      assertThat(four.json().getJsonObject("bead").getString("beadState")).isEqualTo("RELEASED");
      assertThat(all.next(WAIT).json().getString("seq")).isEqualTo("5");
      assertThat(all.quietFor(Duration.ofMillis(500))).isTrue();
      // Live: appended after the replay.
      streams.session(sess, "DEPLOYING");
      assertThat(all.next(WAIT).json().getString("kind")).isEqualTo("DEPLOYING");
      assertThat(transitions.next(WAIT).json().getString("seq")).isEqualTo("1");
      assertThat(transitions.next(WAIT).json().getString("seq")).isEqualTo("2");
      assertThat(transitions.next(WAIT).json().getString("seq")).isEqualTo("5");
      assertThat(transitions.next(WAIT).json().getString("seq")).isEqualTo("6");
      assertThat(terminalOnly.quietFor(Duration.ofMillis(500))).isTrue();
      streams.session(sess, "SESSION_FAILED");
      List<Connect.Frame> rest = terminalOnly.untilEnd(WAIT);
      assertThat(seqs(rest)).containsExactly("7");
      assertThat(rest.get(0).json().getString("kind")).isEqualTo("SESSION_FAILED");
      assertThat(rest.get(0).json().getJsonObject("terminal").getString("outcome"))
          .isEqualTo("FAILED");
      assertThat(seqs(all.untilEnd(WAIT))).containsExactly("7");
      assertThat(seqs(transitions.untilEnd(WAIT))).containsExactly("7");
    }
  }

  @Test
  void anUnknownSessionEndsAnOpenedStreamWithNotFound_scenario9(Ksp ksp) {
    Connect connect = new Connect(ksp);
    try (Connect.Stream s =
        connect.stream(
            "ResumeStream",
            ksp.token(Ksp.VIEWER, "x"),
            resume("ghost-1", "0", "STREAM_MODE_ALL"))) {
      assertThat(s.status()).isEqualTo(200);
      List<Connect.Frame> frames = s.untilEnd(WAIT);
      assertThat(frames).hasSize(1);
      JsonObject end = frames.get(0).json();
      assertThat(end.getJsonObject("error").getString("code")).isEqualTo("not_found");
      assertThat(end.getJsonObject("error").getJsonArray("details")).isEmpty();
      assertThat(end.getJsonObject("metadata")).isEmpty();
    }
    try (Connect.Stream s =
        connect.stream("ResumeStream", ksp.token(Ksp.VIEWER, "x"), "{\"fromSequence\":\"1\"}")) {
      assertThat(s.status()).isEqualTo(400);
      assertThat(s.error().getString("message")).isEqualTo("session_id is required");
    }
  }

  @Test
  void afterTheBufferExpiredResumeServesTheDurableLogThenFollowsLive_scenario16(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sess-6");
    for (int i = 0; i < 8; i++) {
      streams.session(sess, "BEAD_CLAIMED");
    }
    expire(ksp, sess);
    String viewer = ksp.token(Ksp.VIEWER, "x");
    HttpResult replay = ksp.get("/api/v1/streams/" + sess + "/replay?after=7", viewer);
    assertThat(replay.status()).isEqualTo(410);
    assertThat(replay.json().getString("grpcMethod"))
        .isEqualTo("weops.factory.v1.FactoryGateway/ResumeStream");
    Connect connect = new Connect(ksp);
    try (Connect.Stream s =
        connect.stream("ResumeStream", viewer, resume(sess, "7", "STREAM_MODE_ALL"))) {
      assertThat(s.next(WAIT).json().getString("seq")).isEqualTo("8");
      assertThat(s.quietFor(Duration.ofMillis(500))).isTrue();
      // The session goes on: its new events continue the seq and reach this stream live.
      assertThat(streams.session(sess, "DEPLOYING")).isEqualTo(9);
      assertThat(s.next(WAIT).json().getString("seq")).isEqualTo("9");
      streams.session(sess, "SESSION_CANCELLED");
      List<Connect.Frame> rest = s.untilEnd(WAIT);
      assertThat(seqs(rest)).containsExactly("10");
      assertThat(rest.get(0).json().getJsonObject("terminal").getString("outcome"))
          .isEqualTo("CANCELLED");
    }
    // The reopened buffer holds only 9 and 10: an older cursor is served from the log first.
    try (Connect.Stream s =
        connect.stream("ResumeStream", viewer, resume(sess, "2", "STREAM_MODE_ALL"))) {
      assertThat(seqs(s.untilEnd(WAIT))).containsExactly("3", "4", "5", "6", "7", "8", "9", "10");
    }
  }

  @Test
  void anEndedSessionWhoseBufferExpiredIsReplayedFromTheDurableLog_scenario18(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gw18");
    streams.session(sess, "SESSION_SUBMITTED");
    streams.session(sess, "SESSION_COMPLETED");
    Await.until(
        "the terminal grace passes and the sweeper deletes the buffer",
        WAIT,
        () -> ksp.db().count("SELECT COUNT(*) FROM buffer_meta WHERE session_id = ?", sess) == 0);
    try (Connect.Stream s =
        new Connect(ksp)
            .stream(
                "ResumeStream", ksp.token(Ksp.VIEWER, "x"), resume(sess, "0", "STREAM_MODE_ALL"))) {
      List<Connect.Frame> frames = s.untilEnd(WAIT);
      assertThat(seqs(frames)).containsExactly("1", "2");
      assertThat(new String(frames.get(2).bytes(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }
  }

  @Test
  void protobufBinaryStreamsCarryTheSameEvents(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gwbin");
    streams.session(sess, "SESSION_SUBMITTED");
    streams.session(sess, "REVIEW_REQUIRED");
    streams.session(sess, "SESSION_CANCELLED");
    // ResumeStreamRequest{session_id = sess (field 1), from_sequence = 1 (field 2)}
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    byte[] id = sess.getBytes(StandardCharsets.UTF_8);
    message.write(0x0a);
    message.write(id.length);
    message.writeBytes(id);
    message.write(0x10);
    message.write(1);
    byte[] m = message.toByteArray();
    byte[] body = ByteBuffer.allocate(5 + m.length).put((byte) 0).putInt(m.length).put(m).array();
    try (Connect.Stream s =
        new Connect(ksp)
            .stream(
                "ResumeStream",
                ksp.token(Ksp.VIEWER, "x"),
                "application/connect+proto",
                body,
                null)) {
      assertThat(s.status()).isEqualTo(200);
      assertThat(s.contentType()).isEqualTo("application/connect+proto");
      List<Connect.Frame> frames = s.untilEnd(WAIT);
      assertThat(frames).hasSize(3);
      // SessionEvent: seq is field 4, kind field 5 (varints).
      assertThat(varint(frames.get(0).bytes(), 4)).isEqualTo(2);
      assertThat(varint(frames.get(0).bytes(), 5)).isEqualTo(7);
      assertThat(varint(frames.get(1).bytes(), 4)).isEqualTo(3);
      assertThat(varint(frames.get(1).bytes(), 5)).isEqualTo(26);
      assertThat(new String(frames.get(2).bytes(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }
  }

  @Test
  void aStreamEndsWithDeadlineExceededWhenConnectTimeoutMsPasses(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("gwto");
    streams.session(sess, "SESSION_SUBMITTED");
    byte[] m = resume(sess, "0", "STREAM_MODE_ALL").getBytes(StandardCharsets.UTF_8);
    byte[] body = ByteBuffer.allocate(5 + m.length).put((byte) 0).putInt(m.length).put(m).array();
    long t0 = System.nanoTime();
    try (Connect.Stream s =
        new Connect(ksp)
            .stream(
                "ResumeStream",
                ksp.token(Ksp.VIEWER, "x"),
                "application/connect+json",
                body,
                1500L)) {
      List<Connect.Frame> frames = s.untilEnd(WAIT);
      assertThat(seqs(frames)).containsExactly("1");
      assertThat(frames.get(1).json().getJsonObject("error").getString("code"))
          .isEqualTo("deadline_exceeded");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(1400));
    }
  }

  static void expire(Ksp ksp, String sess) {
    ksp.db()
        .update(
            "UPDATE buffer_meta SET last_write_at = ? WHERE session_id = ?",
            System.currentTimeMillis() - Duration.ofMinutes(3).toMillis(),
            sess);
    Await.until(
        "the sweeper deletes the buffer",
        WAIT,
        () -> ksp.db().count("SELECT COUNT(*) FROM buffer_meta WHERE session_id = ?", sess) == 0);
  }

  /** The first varint of field {@code field} in a protobuf message (wire types 0 and 2 only). */
  static long varint(byte[] msg, int field) {
    ByteBuffer b = ByteBuffer.wrap(msg);
    while (b.hasRemaining()) {
      long key = readVarint(b);
      int number = (int) (key >>> 3);
      int type = (int) (key & 7);
      if (type == 0) {
        long v = readVarint(b);
        if (number == field) {
          return v;
        }
      } else if (type == 2) {
        int length = (int) readVarint(b);
        b.position(b.position() + length);
      } else {
        throw new AssertionError("unexpected wire type " + type);
      }
    }
    throw new AssertionError("no field " + field);
  }

  private static long readVarint(ByteBuffer b) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b.get();
      v |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
  }
}
