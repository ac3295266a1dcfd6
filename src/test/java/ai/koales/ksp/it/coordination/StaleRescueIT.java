package ai.koales.ksp.it.coordination;

import static ai.koales.ksp.it.coordination.Atoms.seed;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stale sweep (coordination.md §4.1 sweep, scenarios 13-15, Q8). The test server rescues after
 * 5 s without a heartbeat and sweeps every second ({@code KspServer.TEST_CONFIG}); scenarios that
 * the spec times in minutes move the holder's last heartbeat back instead of waiting.
 */
@SystemTest
class StaleRescueIT {

  static final Duration SWEEP = Duration.ofSeconds(15);

  static String chain(Atoms a) {
    String run = "RUN-" + a.org;
    a.create(run, List.of(seed(run, "A1"), seed(run, "A2", "A1"), seed(run, "A3", "A2")));
    return run;
  }

  /** The holder's last heartbeat, moved five minutes and one second into the past. */
  static void silence(Ksp ksp, String run, String bead) {
    assertThat(
            ksp.db()
                .update(
                    "UPDATE execution_bead SET last_heartbeat_at = last_heartbeat_at - 301000"
                        + " WHERE run_id = ? AND id = ? AND status = 'IN_PROGRESS'",
                    run,
                    bead))
        .isEqualTo(1);
  }

  @Test
  void aSilentHolderIsRescuedAndItsBeadDispatchedAgain_scenario13(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "rescue");
    String run = chain(a);
    a.complete(run, "A1", "exec-1");
    a.claim(run, "A2", "exec-2");

    silence(ksp, run, "A2");
    Await.until("A2 rescued", SWEEP, () -> a.status(run, "A2").equals("READY"));

    JsonObject a2 = a.beadView(run, "A2");
    assertThat(a2.isNull("assignedTo")).isTrue();
    assertThat(a2.getInt("attemptCount")).isEqualTo(1);
    assertThat(a.dispatchKeys(run)).containsOnlyOnce(run + ":A2:1");
    assertThat(a.audit(run).get(a.audit(run).size() - 1).getString("verdict")).isEqualTo("rescued");
    assertThat(
            a
                .eventKinds(
                    run,
                    "sessionEvents",
                    "BEAD_CLAIMED",
                    "BEAD_RELEASED",
                    "BEAD_CLAIMED",
                    "BEAD_RESCUED",
                    // The abandoned attempt's outcome; no divergence: it gets another attempt.
                    "EXECUTION_FAILED")
                .stream()
                .filter(k -> k.startsWith("BEAD_")))
        .containsExactly("BEAD_CLAIMED", "BEAD_RELEASED", "BEAD_CLAIMED", "BEAD_RESCUED");

    HttpResult again = a.claim(run, "A2", "exec-4");
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().getInt("attempt")).isEqualTo(2);
  }

  @Test
  void aLateReleaseByTheRescuedHolderIsRefused_scenario14(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "late");
    String run = chain(a);
    a.complete(run, "A1", "exec-1");
    String oldLease = a.claim(run, "A2", "exec-2").json().getString("leaseToken");
    silence(ksp, run, "A2");
    Await.until("A2 rescued", SWEEP, () -> a.status(run, "A2").equals("READY"));
    JsonObject fresh = a.claim(run, "A2", "exec-4").json();

    HttpResult late = a.release(run, "A2", oldLease, "late result");

    assertThat(late.status()).isEqualTo(409);
    assertThat(late.problemCode()).isEqualTo("lease-lost");
    JsonObject a2 = a.beadView(run, "A2");
    assertThat(a2.getString("status")).isEqualTo("IN_PROGRESS");
    assertThat(a2.getString("assignedTo")).isEqualTo("exec-4");
    assertThat(a.release(run, "A2", fresh.getString("leaseToken"), "ok").status()).isEqualTo(200);
  }

  @Test
  void afterItsThirdAttemptASilentBeadFailsTimedOut_scenario15(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "timedout");
    String run = chain(a);
    a.complete(run, "A1", "exec-1");
    for (int attempt = 1; attempt <= 3; attempt++) {
      HttpResult c = a.claim(run, "A2", "exec-" + attempt);
      assertThat(c.status()).as("claim %d", attempt).isEqualTo(201);
      assertThat(c.json().getInt("attempt")).isEqualTo(attempt);
      silence(ksp, run, "A2");
      Await.until(
          "attempt " + attempt + " swept", SWEEP, () -> !a.status(run, "A2").equals("IN_PROGRESS"));
    }

    JsonObject a2 = a.beadView(run, "A2");
    assertThat(a2.getString("status")).isEqualTo("FAILED");
    assertThat(a2.getJsonObject("result").getString("error")).isEqualTo("timed_out");
    List<JsonObject> audit =
        a.audit(run).stream().filter(x -> x.getString("beadId").equals("A2")).toList();
    assertThat(audit)
        .extracting(x -> x.getString("verdict") + "/" + x.getInt("attempt"))
        .containsExactly(
            "claimed/1", "rescued/1", "claimed/2", "rescued/2", "claimed/3", "timed_out/3");
    assertThat(a.run(run).getString("status")).isEqualTo("STALLED");
  }

  @Test
  void aClaimWhoseAgentVanishesIsRescuedAndCompletedByAnother(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "vanish");
    String run = "RUN-" + a.org;
    a.create(run, List.of(seed(run, "K1"), seed(run, "K2", "K1")));
    HttpResult first = a.claimNext("agent-that-dies");
    assertThat(first.json().getString("beadId")).isEqualTo("K1");
    String deadLease = first.json().getString("leaseToken");
    // The agent is gone: no heartbeat, no release. Real time passes until the sweep acts.

    HttpResult second =
        Await.value(
            "K1 claimable again",
            SWEEP,
            () -> {
              HttpResult r = a.claimNext("agent-alive");
              return r.status() == 201 ? r : null;
            });
    assertThat(second.json().getString("beadId")).isEqualTo("K1");
    assertThat(second.json().getInt("attempt")).isEqualTo(2);
    assertThat(
            a.release(run, "K1", second.json().getString("leaseToken"), "rescued and done")
                .status())
        .isEqualTo(200);
    assertThat(a.release(run, "K1", deadLease, "too late").problemCode()).isEqualTo("terminal");
    a.complete(run, "K2", "agent-alive");
    assertThat(a.run(run).getString("status")).isEqualTo("COMPLETE");
  }

  @Test
  void heartbeatsKeepALongClaimAlive_Q8(Ksp ksp) throws Exception {
    Atoms a = Atoms.forNewOrg(ksp, "alive");
    String run = chain(a);
    String lease = a.claim(run, "A1", "exec-1").json().getString("leaseToken");
    // The agent works for 7 s, longer than the 5 s threshold, heartbeating every half second.
    long until = System.nanoTime() + Duration.ofSeconds(7).toNanos();
    while (System.nanoTime() < until) {
      assertThat(a.heartbeat(run, "A1", lease).status()).isEqualTo(200);
      Thread.sleep(500);
    }
    assertThat(a.status(run, "A1")).isEqualTo("IN_PROGRESS");
    assertThat(a.release(run, "A1", lease, "long work").status()).isEqualTo(200);
  }
}
