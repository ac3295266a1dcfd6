package ai.koales.ksp.it.coordination;

import static ai.koales.ksp.it.coordination.Atoms.seed;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's durable paths when something really fails (P13, §4.3, §4.1 sweep): the outbox
 * of outcomes when BP3 fails, the outbox of dispatches when a built-in agent cannot take its atom,
 * a built-in atom rescued and executed again, and the claim of the next ready bead when another
 * claimer holds a run locked.
 *
 * <p>Failures are real: the database refuses the bead the failing step writes (a CHECK constraint
 * scoped to the test's org, added and dropped here, the way a full disk or a broken replica would
 * refuse it), or the session an outcome needs is deleted through the API. The test server
 * redelivers every second after 2 s ({@code KspServer.TEST_CONFIG}); the number of deliveries
 * before a dispatch is given up is the default, 6 (§4.3).
 */
@SystemTest
class CoordinationDurabilityIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  /** Makes the database refuse beads of {@code type} written for {@code org}, until closed. */
  static AutoCloseable refuseBeads(Ksp ksp, String org, String type) {
    String name = "ck_it_" + type + "_" + org.replaceAll("[^A-Za-z0-9]", "_");
    ksp.db()
        .update(
            "ALTER TABLE bead ADD CONSTRAINT "
                + name
                + " CHECK (NOT (org_id = '"
                + org
                + "' AND bead_type = '"
                + type
                + "'))");
    return () -> ksp.db().update("ALTER TABLE bead DROP CONSTRAINT " + name);
  }

  static Map<String, Object> outcomeRow(Ksp ksp, String run, String bead) {
    List<Map<String, Object>> rows =
        ksp.db()
            .query(
                "SELECT id, state, deliveries, last_error, outcome_bead_id FROM atom_outcome"
                    + " WHERE run_id = ? AND bead_id = ?",
                run,
                bead);
    return rows.isEmpty() ? null : rows.get(0);
  }

  static Map<String, Object> dispatchRow(Ksp ksp, String key) {
    List<Map<String, Object>> rows =
        ksp.db()
            .query(
                "SELECT state, deliveries, last_error FROM atom_dispatch WHERE dedupe_key = ?",
                key);
    return rows.isEmpty() ? null : rows.get(0);
  }

  static int number(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).intValue();
  }

  // ---------------------------------------------------------------- outcomes (P13)

  @Test
  void anOutcomeWhoseBp3FailsStaysPendingAndIsRecordedOnALaterTry_P13(Ksp ksp) throws Exception {
    Atoms a = Atoms.forNewOrg(ksp, "bp3");
    String run = "RUN-" + a.org;
    a.create(run, List.of(seed(run, "A1")));
    JsonObject claim = a.claim(run, "A1", "exec-1").json();

    Map<String, Object> retried;
    try (AutoCloseable refused = refuseBeads(ksp, a.org, "outcome")) {
      assertThat(a.release(run, "A1", claim.getString("leaseToken"), "done").status())
          .isEqualTo(200);
      // The first try right after commit failed, and so did one from the redelivery timer.
      retried =
          Await.value(
              "the outcome tried twice",
              WAIT,
              () -> outcomeRow(ksp, run, "A1"),
              row -> row != null && number(row, "deliveries") >= 2);
      assertThat(retried.get("state")).isEqualTo("PENDING");
      assertThat(retried.get("outcome_bead_id")).isNull();
      assertThat((String) retried.get("last_error")).isNotBlank();
    }
    // The release itself stood: the outcome is not part of the transition (P13).
    assertThat(a.status(run, "A1")).isEqualTo("DONE");
    assertThat(a.run(run).getString("status")).isEqualTo("COMPLETE");

    Map<String, Object> delivered =
        Await.value(
            "the outcome recorded once the database accepts it",
            WAIT,
            () -> outcomeRow(ksp, run, "A1"),
            row -> "DELIVERED".equals(row.get("state")));
    JsonObject outcome =
        ksp.get("/api/v1/orgs/" + a.org + "/beads/" + delivered.get("outcome_bead_id"), a.viewer)
            .json();
    assertThat(outcome.getString("type")).isEqualTo("outcome");
    assertThat(outcome.getJsonArray("parentIds").getString(0))
        .isEqualTo(claim.getString("executionBeadId"));
    assertThat(ksp.serverLog())
        .contains("Outcome " + ((Number) retried.get("id")).longValue() + " not recorded");
  }

  @Test
  void anOutcomeWhoseSessionWasDeletedIsAbandonedWithALogLine_P13(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "gone");
    String run = "RUN-" + a.org;
    a.create(run, List.of(seed(run, "A1")));
    JsonObject claim = a.claim(run, "A1", "exec-1").json();
    String session = claim.getString("sessionId");
    assertThat(ksp.delete("/api/v1/orgs/" + a.org + "/sessions/" + session, a.agent).status())
        .isEqualTo(204);

    assertThat(a.release(run, "A1", claim.getString("leaseToken"), "done").status()).isEqualTo(200);

    Map<String, Object> row =
        Await.value(
            "the outcome abandoned",
            WAIT,
            () -> outcomeRow(ksp, run, "A1"),
            r -> r != null && "ABANDONED".equals(r.get("state")));
    assertThat(number(row, "deliveries")).isEqualTo(1);
    assertThat((String) row.get("last_error")).contains(session);
    assertThat(row.get("outcome_bead_id")).isNull();
    long id = ((Number) row.get("id")).longValue();
    Await.until(
        "the abandonment in the server log",
        WAIT,
        () -> ksp.serverLog().contains("Outcome " + id + " abandoned"));
    assertThat(a.status(run, "A1")).isEqualTo("DONE");
  }

  // ---------------------------------------------------------------- dispatches (§4.3)

  @Test
  void aDispatchThatCannotBeDeliveredIsRetriedUntilAnAgentTakesIt(Ksp ksp) throws Exception {
    Atoms a = Atoms.forNewOrg(ksp, "redeliver");
    String run = "RUN-" + a.org;
    String atom = "WG-" + a.org + "-ATOM-1";
    assertThat(a.init(run, "builtin", false).status()).isEqualTo(201);

    try (AutoCloseable refused = refuseBeads(ksp, a.org, "execution")) {
      // The claim records its execution bead (BP2): refused, so the delivery fails.
      assertThat(
              a.seed(run, "WG-1", List.of(seed(Atoms.v2(run, atom, "work").build(), atom)))
                  .status())
          .isEqualTo(200);
      Map<String, Object> failing =
          Await.value(
              "two failed deliveries",
              WAIT,
              () -> dispatchRow(ksp, run + ":" + atom + ":0"),
              row -> row != null && number(row, "deliveries") >= 2);
      assertThat(failing.get("state")).isEqualTo("PENDING");
      assertThat((String) failing.get("last_error")).isNotBlank();
      JsonObject bead = a.beadView(run, atom);
      assertThat(bead.getString("status")).isEqualTo("READY");
      assertThat(bead.getInt("attemptCount")).isZero();
      assertThat(a.audit(run)).isEmpty();
    }

    Await.until("the atom done", WAIT, () -> a.status(run, atom).equals("DONE"));
    assertThat(dispatchRow(ksp, run + ":" + atom + ":0").get("state")).isEqualTo("DELIVERED");
    assertThat(a.audit(run))
        .extracting(x -> x.getString("verdict") + "/" + x.getInt("attempt"))
        .containsExactly("claimed/1", "done/1");
    assertThat(a.run(run).getString("status")).isEqualTo("COMPLETE");
  }

  @Test
  void aDispatchThatFailsEveryDeliveryFailsItsBeadAfterTheLastOne(Ksp ksp) throws Exception {
    Atoms a = Atoms.forNewOrg(ksp, "undeliverable");
    String run = "RUN-" + a.org;
    String atom = "WG-" + a.org + "-ATOM-1";
    assertThat(a.init(run, "builtin", false).status()).isEqualTo(201);

    try (AutoCloseable refused = refuseBeads(ksp, a.org, "execution")) {
      assertThat(
              a.seed(run, "WG-1", List.of(seed(Atoms.v2(run, atom, "work").build(), atom)))
                  .status())
          .isEqualTo(200);
      Await.until("the atom failed", WAIT, () -> a.status(run, atom).equals("FAILED"));
    }

    Map<String, Object> dispatch = dispatchRow(ksp, run + ":" + atom + ":0");
    assertThat(dispatch.get("state")).isEqualTo("FAILED");
    assertThat(number(dispatch, "deliveries")).isEqualTo(6);
    JsonObject bead = a.beadView(run, atom);
    assertThat(bead.getInt("attemptCount")).isZero();
    assertThat(bead.getJsonObject("result").getString("error")).isEqualTo("atom-dispatch-failure");
    assertThat(bead.getJsonObject("result").getString("reason")).startsWith("6 deliveries failed");
    assertThat(a.audit(run))
        .extracting(x -> x.getString("verdict") + "/" + x.getString("agentId"))
        .containsExactly("failed/ksp-dispatcher");
    assertThat(a.run(run).getString("status")).isEqualTo("PARTIAL_FAILURE");
  }

  // ---------------------------------------------------------------- rescue of a built-in atom

  @Test
  void aBuiltinAtomWhoseAgentLostItsLeaseIsRescuedAndExecutedAgain_scenario13(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "rescue-builtin");
    String run = "RUN-" + a.org;
    String atom = "WG-" + a.org + "-ATOM-1";
    assertThat(a.init(run, "builtin", false).status()).isEqualTo(201);
    assertThat(
            a.seed(
                    run,
                    "WG-1",
                    List.of(seed(Atoms.v2(run, atom, "long work [[sleep:8000]]").build(), atom)))
                .status())
        .isEqualTo(200);
    Await.until("the atom claimed", WAIT, () -> a.status(run, atom).equals("IN_PROGRESS"));

    // The agent's lease is taken away (as when its node is cut off): its next heartbeat is refused,
    // it stops, and nobody speaks for the bead any more. The version moves too, so a heartbeat
    // racing this update cannot write the old lease back.
    assertThat(
            ksp.db()
                .update(
                    "UPDATE execution_bead SET lease_token = 'taken-by-the-test',"
                        + " version = version + 1"
                        + " WHERE run_id = ? AND id = ? AND status = 'IN_PROGRESS'",
                    run,
                    atom))
        .isEqualTo(1);

    Await.until("the atom done", WAIT, () -> a.status(run, atom).equals("DONE"));
    JsonObject bead = a.beadView(run, atom);
    assertThat(bead.getInt("attemptCount")).isEqualTo(2);
    assertThat(bead.getJsonObject("result").getString("executionId"))
        .isEqualTo(atom + "-attempt-2");
    assertThat(a.audit(run))
        .extracting(x -> x.getString("verdict") + "/" + x.getInt("attempt"))
        .containsExactly("claimed/1", "rescued/1", "claimed/2", "done/2");
    assertThat(a.dispatchKeys(run))
        .containsExactly(run + ":" + atom + ":0", run + ":" + atom + ":1");
    assertThat(dispatchRow(ksp, run + ":" + atom + ":1").get("state")).isEqualTo("DELIVERED");
    assertThat(a.run(run).getString("status")).isEqualTo("COMPLETE");
  }

  // ---------------------------------------------------------------- next ready bead under locks

  /**
   * {@code POST /claims} while another transaction holds the org's oldest claimable run locked. On
   * PostgreSQL the claim skips that run ({@code FOR UPDATE SKIP LOCKED}) and takes the other run's
   * bead while the lock is still held; on H2, which has no such clause, it takes the portable path
   * and claims the oldest run's bead once the lock is released.
   */
  @Test
  void theNextReadyClaimSkipsARunLockedByAnotherClaimerOnPostgres(Ksp ksp) throws Exception {
    Atoms a = Atoms.forNewOrg(ksp, "skiplocked");
    String older = "RUN-" + a.org + "-a";
    String newer = "RUN-" + a.org + "-b";
    a.create(older, List.of(seed(older, "A1")));
    a.create(newer, List.of(seed(newer, "B1")));

    JsonObject claimed;
    try (Connection lock = ksp.db().connect()) {
      lock.setAutoCommit(false);
      try (PreparedStatement ps =
          lock.prepareStatement("SELECT run_id FROM coordinator_run WHERE run_id = ? FOR UPDATE")) {
        ps.setString(1, older);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
        }
      }
      CompletableFuture<HttpResult> claim = CompletableFuture.supplyAsync(() -> a.claimNext("x"));
      if (ksp.db().isPostgres()) {
        HttpResult r = claim.get(30, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(201);
        claimed = r.json();
        lock.rollback();
      } else {
        lock.rollback();
        HttpResult r = claim.get(30, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(201);
        claimed = r.json();
      }
    }

    if (ksp.db().isPostgres()) {
      assertThat(claimed.getString("runId")).isEqualTo(newer);
      assertThat(claimed.getString("beadId")).isEqualTo("B1");
      assertThat(a.status(older, "A1")).isEqualTo("READY");
    } else {
      assertThat(claimed.getString("runId")).isEqualTo(older);
      assertThat(claimed.getString("beadId")).isEqualTo("A1");
      assertThat(a.status(newer, "B1")).isEqualTo("READY");
    }
    // Either way the next claim takes the remaining bead: nothing is lost or claimed twice.
    HttpResult second = a.claimNext("y");
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.json().getString("runId")).isNotEqualTo(claimed.getString("runId"));
    assertThat(a.claimNext("z").status()).isEqualTo(204);
  }
}
