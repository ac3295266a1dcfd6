package ai.koales.ksp.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.Streams;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replay and head of a live buffer (edges.md §2.3, §4.7; api.md "Streams"). */
@SystemTest
class StreamReplayIT {

  static List<Integer> seqs(HttpResult replay) {
    return replay.json().getJsonArray("rows").stream()
        .map(v -> v.asJsonObject().getInt("seq"))
        .toList();
  }

  @Test
  void replayAfterACursorAnswersAnObjectWithTheRowsAfterItAndTheTip_scenario14(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sess-5");
    for (String kind :
        List.of("SESSION_SUBMITTED", "CANDIDATE_SET_BUILT", "APPROVAL_GRANTED", "DEPLOYING")) {
      streams.session(sess, kind);
    }
    HttpResult r =
        ksp.get("/api/v1/streams/" + sess + "/replay?after=2", ksp.token(Ksp.VIEWER, "x"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.jsonValue().getValueType()).isEqualTo(JsonValue.ValueType.OBJECT);
    assertThat(seqs(r)).containsExactly(3, 4);
    assertThat(r.json().getInt("tip_seq")).isEqualTo(4);
    assertThat(r.json().getBoolean("terminal")).isFalse();
    JsonObject row = r.json().getJsonArray("rows").getJsonObject(0);
    assertThat(row.getString("stream")).isEqualTo("sessionEvents");
    assertThat(row.getString("kind")).isEqualTo("APPROVAL_GRANTED");
    assertThat(row.getJsonObject("payload").getString("note")).isEqualTo("APPROVAL_GRANTED");
    assertThat(row.keySet())
        .containsExactlyInAnyOrder(
            "seq",
            "stream",
            "kind",
            "scopeRunId",
            "scopeAssemblyId",
            "payload",
            "occurredAt",
            "appendedAt",
            "terminal");
  }

  @Test
  void aCursorThatIsNotANonNegativeIntegerIs400_scenario14(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("sess-5");
    streams.session(sess, "SESSION_SUBMITTED");
    for (String bad : List.of("abc", "-1", "1.5")) {
      HttpResult r =
          ksp.get("/api/v1/streams/" + sess + "/replay?after=" + bad, ksp.token(Ksp.VIEWER, "x"));
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.problemCode()).isEqualTo("invalid-cursor");
    }
  }

  @Test
  void replayIsFilteredByStreamAndRunScope_scenario15(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("scoped");
    streams.session(sess, "SESSION_SUBMITTED");
    streams.session(sess, "COMPILATION_STARTED");
    assertThat(
            streams
                .append(sess, Streams.beadUpdate("r1", "atom-1", "in_progress").build())
                .json()
                .getInt("seq"))
        .isEqualTo(3);
    assertThat(
            streams
                .append(sess, Streams.beadUpdate("r2", "atom-2", "done").build())
                .json()
                .getInt("seq"))
        .isEqualTo(4);
    String viewer = ksp.token(Ksp.VIEWER, "x");
    HttpResult r1 =
        ksp.get("/api/v1/streams/" + sess + "/replay?streams=beadUpdates&run_id=r1", viewer);
    assertThat(seqs(r1)).containsExactly(3);
    assertThat(r1.json().getInt("tip_seq")).isEqualTo(4);
    JsonObject row = r1.json().getJsonArray("rows").getJsonObject(0);
    assertThat(row.getString("scopeRunId")).isEqualTo("r1");
    assertThat(row.getJsonObject("payload").getString("atomId")).isEqualTo("atom-1");
    assertThat(seqs(ksp.get("/api/v1/streams/" + sess + "/replay", viewer)))
        .as("streams default to sessionEvents")
        .containsExactly(1, 2);
    assertThat(
            seqs(
                ksp.get(
                    "/api/v1/streams/" + sess + "/replay?streams=sessionEvents,,beadUpdates,",
                    viewer)))
        .containsExactly(1, 2, 3, 4);
    assertThat(ksp.get("/api/v1/streams/" + sess + "/replay?streams=nope", viewer).status())
        .isEqualTo(400);
  }

  @Test
  void replayPagesWithTheLimitAndSaysWhenItTruncated(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("paged");
    for (int i = 0; i < 5; i++) {
      streams.session(sess, "BEAD_CLAIMED");
    }
    String viewer = ksp.token(Ksp.VIEWER, "x");
    HttpResult first = ksp.get("/api/v1/streams/" + sess + "/replay?limit=3", viewer);
    assertThat(seqs(first)).containsExactly(1, 2, 3);
    assertThat(first.json().getBoolean("truncated")).isTrue();
    HttpResult rest = ksp.get("/api/v1/streams/" + sess + "/replay?after=3&limit=3", viewer);
    assertThat(seqs(rest)).containsExactly(4, 5);
    assertThat(rest.json().getBoolean("truncated")).isFalse();
  }

  @Test
  void theHeadNamesTipTerminalAndLastWrite(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("head");
    long before = System.currentTimeMillis();
    streams.session(sess, "SESSION_SUBMITTED");
    streams.session(sess, "SESSION_CANCELLED");
    HttpResult h = ksp.get("/api/v1/streams/" + sess + "/head", ksp.token(Ksp.AGENT, "x"));
    assertThat(h.status()).isEqualTo(200);
    assertThat(h.json().getInt("tip_seq")).isEqualTo(2);
    assertThat(h.json().getBoolean("terminal")).isTrue();
    assertThat(h.json().getJsonNumber("last_write_at").longValue())
        .isBetween(before - 1000, System.currentTimeMillis() + 1000);
  }

  @Test
  void anUnknownStreamIsNotFound_Q17(Ksp ksp) {
    String viewer = ksp.token(Ksp.VIEWER, "x");
    String ghost = Streams.newStreamId("ghost");
    HttpResult replay = ksp.get("/api/v1/streams/" + ghost + "/replay", viewer);
    assertThat(replay.status()).isEqualTo(404);
    assertThat(replay.problemCode()).isEqualTo("stream-not-found");
    assertThat(ksp.get("/api/v1/streams/" + ghost + "/head", viewer).status()).isEqualTo(404);
  }

  @Test
  void readersNeedAKspRoleAndTheStreamsOrg(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String org = Ksp.newOrg("acme");
    String sess = Streams.newStreamId("owned");
    ksp.db()
        .update(
            "INSERT INTO session_state (session_id, assembly_id, status, created_at, updated_at,"
                + " org_id) VALUES (?, 'asm', 'SUBMITTED', 1, 1, ?)",
            sess,
            org);
    streams.session(sess, "SESSION_SUBMITTED");
    String path = "/api/v1/streams/" + sess + "/replay";
    assertThat(ksp.get(path, ksp.token(Ksp.VIEWER, org)).status()).isEqualTo(200);
    assertThat(ksp.get(path, ksp.token(Ksp.ADMIN, "elsewhere")).status()).isEqualTo(200);
    HttpResult other = ksp.get(path, ksp.token(Ksp.VIEWER, "elsewhere"));
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.problemCode()).isEqualTo("org-forbidden");
    assertThat(
            ksp.get("/api/v1/streams/" + sess + "/head", ksp.token(Ksp.VIEWER, "elsewhere"))
                .status())
        .isEqualTo(403);
    assertThat(ksp.get(path, null).status()).isEqualTo(401);
    String noRole = ksp.tokens().mint("stranger", List.of("other-app"), List.of(org));
    assertThat(ksp.get(path, noRole).status()).isEqualTo(403);
  }
}
