package ai.koales.ksp.it.coordination;

import static ai.koales.ksp.it.coordination.Atoms.seed;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fail-closed consent for an external agent's tool calls (I4, scenarios 18 and 19). */
@SystemTest
class ConsentIT {

  @Test
  void aPermittedToolIsAuditedAndAllowed_scenario18(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "consent");
    String run = "RUN-" + a.org;
    a.create(run, List.of(seed(run, "A2")));
    String lease = a.claim(run, "A2", "exec-2").json().getString("leaseToken");

    HttpResult r = a.consent(run, "A2", lease, "read_file", "tc-1");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getBoolean("allowed")).isTrue();
    List<Map<String, Object>> rows =
        ksp.db()
            .query(
                "SELECT bead_id, tool_name, tool_call_id, agent_id FROM consent_audit"
                    + " WHERE run_id = ?",
                run);
    assertThat(rows)
        .containsExactly(
            Map.of(
                "bead_id",
                "A2",
                "tool_name",
                "read_file",
                "tool_call_id",
                "tc-1",
                "agent_id",
                "exec-2"));
    assertThat(a.status(run, "A2")).isEqualTo("IN_PROGRESS");
    JsonObject calls = ksp.get(a.bead(run, "A2") + "/tool-calls", a.viewer).json();
    assertThat(calls.getJsonArray("items")).hasSize(1);
  }

  /** §3.1: stale means "without update/heartbeat"; a tool call is an update by the holder. */
  @Test
  void aToolCallRenewsTheHoldersLeaseLikeAHeartbeat(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "consent-alive");
    String run = "RUN-" + a.org;
    a.create(run, List.of(seed(run, "A2")));
    String lease = a.claim(run, "A2", "exec-2").json().getString("leaseToken");
    // The holder's last sign of life moves 2.5 s back: half the test server's stale threshold, so
    // the sweep leaves it alone, and far enough that only a renewal brings it past `before`.
    assertThat(
            ksp.db()
                .update(
                    "UPDATE execution_bead SET last_heartbeat_at = last_heartbeat_at - 2500"
                        + " WHERE run_id = ? AND id = ?",
                    run,
                    "A2"))
        .isEqualTo(1);
    long before = System.currentTimeMillis();

    assertThat(a.consent(run, "A2", lease, "read_file", "tc-1").json().getBoolean("allowed"))
        .isTrue();

    long renewed =
        ((Number)
                ksp.db()
                    .query(
                        "SELECT last_heartbeat_at FROM execution_bead WHERE run_id = ? AND id = ?",
                        run,
                        "A2")
                    .get(0)
                    .get("last_heartbeat_at"))
            .longValue();
    // The server's clock and the test's are the same machine's.
    assertThat(renewed).isGreaterThanOrEqualTo(before);
    assertThat(a.status(run, "A2")).isEqualTo("IN_PROGRESS");
    assertThat(a.release(run, "A2", lease, "done").status()).isEqualTo(200);
  }

  @Test
  void aToolOutsideThePolicyIsAuditedThenFailsTheBead_scenario19(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "consent");
    String run = "RUN-" + a.org;
    a.create(run, List.of(seed(run, "A2")));
    String lease = a.claim(run, "A2", "exec-2").json().getString("leaseToken");

    HttpResult r = a.consent(run, "A2", lease, "shell", "tc-2");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getBoolean("allowed")).isFalse();
    assertThat(r.json().getString("beadStatus")).isEqualTo("FAILED");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM consent_audit WHERE run_id = ?", run))
        .isEqualTo(1);
    JsonObject a2 = a.beadView(run, "A2");
    assertThat(a2.getString("status")).isEqualTo("FAILED");
    assertThat(a2.getJsonObject("result").getString("error")).isEqualTo("consent-denied");
    assertThat(a2.getJsonObject("result").getString("message"))
        .contains("ConsentDeniedError(shell, A2)");
    assertThat(
            a
                .eventKinds(
                    run, "sessionEvents", "BEAD_CLAIMED", "CONSENT_BEAD_DENIED", "BEAD_FAILED")
                .stream()
                .filter(k -> !k.startsWith("EXECUTION_") && !k.startsWith("DIVERGENCE_")))
        .containsExactly("BEAD_CLAIMED", "CONSENT_BEAD_DENIED", "BEAD_FAILED");
    // The holder lost its atom: nothing more through that lease.
    assertThat(a.release(run, "A2", lease, "x").problemCode()).isEqualTo("terminal");
    assertThat(a.consent(run, "A2", lease, "read_file", "tc-3").problemCode())
        .isEqualTo("terminal");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM consent_audit WHERE run_id = ?", run))
        .isEqualTo(1);
  }

  @Test
  void onlyTheHolderAsksForConsent(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "consent");
    String run = "RUN-" + a.org;
    a.create(run, List.of(seed(run, "A2")));
    a.claim(run, "A2", "exec-2");
    HttpResult r = a.consent(run, "A2", "not-the-lease", "read_file", "tc-1");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.problemCode()).isEqualTo("lease-lost");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM consent_audit WHERE run_id = ?", run)).isZero();
  }
}
