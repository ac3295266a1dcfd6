package ai.koales.ksp.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.Streams;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonArray;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Outbox rows whose after-commit hand-off never happened (the node died between commit and relay,
 * or the relay failed) are appended by the periodic drain, in outbox id order (a terminal row
 * last), exactly once.
 */
@SystemTest
class OutboxRelayIT {

  static long nextOutboxId(Ksp ksp) {
    String sql =
        ksp.db().isPostgres()
            ? "SELECT nextval('event_outbox_seq')"
            : "SELECT NEXT VALUE FOR event_outbox_seq";
    return ((Number) ksp.db().query(sql).get(0).values().iterator().next()).longValue();
  }

  static void strandedRow(Ksp ksp, long id, String stream, String kind, boolean terminal) {
    ksp.db()
        .update(
            "INSERT INTO event_outbox (id, stream_id, stream, kind, run_id, assembly_id, payload,"
                + " occurred_at, terminal, created_at) VALUES (?, ?, 'sessionEvents', ?, 'run-9',"
                + " NULL, ?, ?, ?, ?)",
            id,
            stream,
            kind,
            "{\"kind\":\"" + kind + "\"}",
            1_700_000_000_000L + id,
            terminal,
            System.currentTimeMillis() - 60_000);
  }

  @Test
  void strandedOutboxRowsAreRelayedInIdOrderExactlyOnce(Ksp ksp) {
    String sess = Streams.newStreamId("stranded");
    new Streams(ksp).session(sess, "SESSION_SUBMITTED");
    long first = nextOutboxId(ksp);
    long second = nextOutboxId(ksp);
    long third = nextOutboxId(ksp);
    // Inserted out of order, in one transaction (as one domain transaction would write them; a
    // drain between separate commits could relay the terminal row alone): the relay orders by id.
    ksp.db()
        .inTransaction(
            () -> {
              strandedRow(ksp, third, sess, "SESSION_COMPLETED", true);
              strandedRow(ksp, first, sess, "COMPILATION_STARTED", false);
              strandedRow(ksp, second, sess, "COMPILATION_COMPLETE", false);
            });
    Await.until(
        "the periodic drain relays the stranded rows",
        Duration.ofSeconds(20),
        () -> ksp.db().count("SELECT COUNT(*) FROM event_outbox WHERE stream_id = ?", sess) == 0);
    HttpResult r =
        ksp.get("/api/v1/streams/" + sess + "/replay?after=1", ksp.token(Ksp.VIEWER, "x"));
    JsonArray rows = r.json().getJsonArray("rows");
    assertThat(rows).hasSize(3);
    assertThat(rows.getJsonObject(0).getInt("seq")).isEqualTo(2);
    assertThat(rows.getJsonObject(0).getString("kind")).isEqualTo("COMPILATION_STARTED");
    assertThat(rows.getJsonObject(0).getString("scopeRunId")).isEqualTo("run-9");
    assertThat(rows.getJsonObject(0).getJsonNumber("occurredAt").longValue())
        .isEqualTo(1_700_000_000_000L + first);
    assertThat(rows.getJsonObject(1).getString("kind")).isEqualTo("COMPILATION_COMPLETE");
    assertThat(rows.getJsonObject(2).getString("kind")).isEqualTo("SESSION_COMPLETED");
    assertThat(r.json().getBoolean("terminal")).isTrue();
    assertThat(ksp.db().count("SELECT COUNT(*) FROM session_event_log WHERE session_id = ?", sess))
        .isEqualTo(4);
  }

  @Test
  void aTerminalRowGoesAfterTheRowsDrainedWithItWhateverItsId(Ksp ksp) {
    String sess = Streams.newStreamId("terminal-last");
    new Streams(ksp).session(sess, "SESSION_SUBMITTED");
    long lower = nextOutboxId(ksp);
    long higher = nextOutboxId(ksp);
    // Two nodes' sequence blocks: the terminal event was recorded after the execution committed,
    // yet drew the lower id. One statement, so that no drain sees one row without the other.
    long old = System.currentTimeMillis() - 60_000;
    ksp.db()
        .update(
            "INSERT INTO event_outbox (id, stream_id, stream, kind, run_id, assembly_id, payload,"
                + " occurred_at, terminal, created_at) VALUES"
                + " (?, ?, 'sessionEvents', 'SESSION_COMPLETED', NULL, NULL, '{}', ?, TRUE, ?),"
                + " (?, ?, 'sessionEvents', 'EXECUTION_COMPLETE', NULL, NULL, '{}', ?, FALSE, ?)",
            lower,
            sess,
            old,
            old,
            higher,
            sess,
            old,
            old);
    Await.until(
        "the periodic drain relays the stranded rows",
        Duration.ofSeconds(20),
        () -> ksp.db().count("SELECT COUNT(*) FROM event_outbox WHERE stream_id = ?", sess) == 0);
    JsonArray rows =
        ksp.get("/api/v1/streams/" + sess + "/replay?after=1", ksp.token(Ksp.VIEWER, "x"))
            .json()
            .getJsonArray("rows");
    assertThat(rows).hasSize(2);
    assertThat(rows.getJsonObject(0).getString("kind")).isEqualTo("EXECUTION_COMPLETE");
    assertThat(rows.getJsonObject(1).getString("kind")).isEqualTo("SESSION_COMPLETED");
  }

  @Test
  void anOutboxRowForAStreamThatEndedIsDroppedNotRetriedForever(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sess = Streams.newStreamId("late");
    streams.session(sess, "SESSION_CANCELLED");
    strandedRow(ksp, nextOutboxId(ksp), sess, "MONITORED", false);
    Await.until(
        "the drain consumes the late row",
        Duration.ofSeconds(20),
        () -> ksp.db().count("SELECT COUNT(*) FROM event_outbox WHERE stream_id = ?", sess) == 0);
    assertThat(ksp.db().count("SELECT COUNT(*) FROM session_event_log WHERE session_id = ?", sess))
        .isEqualTo(1);
    assertThat(ksp.serverLog()).contains("for stream " + sess + " dropped");
  }
}
