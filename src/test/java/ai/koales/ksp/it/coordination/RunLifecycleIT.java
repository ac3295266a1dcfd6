package ai.koales.ksp.it.coordination;

import static ai.koales.ksp.it.coordination.Atoms.seed;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs and seeding over HTTP (coordination.md §4.1 init/seed/next, scenarios 1-3, 10). */
@SystemTest
class RunLifecycleIT {

  @Test
  void initIsIdempotentAndBoundToItsOrg_scenario1(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "runs");
    HttpResult first = a.init("RUN-a1");
    HttpResult second = a.init("RUN-a1");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.header("Location")).endsWith("/api/v1/orgs/" + a.org + "/runs/RUN-a1");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json()).isEqualTo(first.json());
    assertThat(first.json().getString("status")).isEqualTo("INITIALIZED");
    assertThat(first.json().getJsonObject("counts"))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("ready", 0)
                .add("inProgress", 0)
                .add("done", 0)
                .add("failed", 0)
                .build());
    assertThat(first.json().getString("streamId")).isEqualTo("RUN-a1");
    assertThat(first.json().getString("executor")).isEqualTo("external");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM coordinator_run WHERE run_id = ?", "RUN-a1"))
        .isEqualTo(1);

    Atoms other = Atoms.forNewOrg(ksp, "other");
    HttpResult stolen = other.init("RUN-a1");
    assertThat(stolen.status()).isEqualTo(409);
    assertThat(stolen.problemCode()).isEqualTo("run-conflict");
    assertThat(ksp.get(other.runs() + "/RUN-a1", other.viewer).problemCode())
        .isEqualTo("run-not-found");
    assertThat(a.init("RUN-a1", "builtin", false).problemCode()).isEqualTo("run-conflict");
  }

  @Test
  void theOrgsRunsPageNewestFirstWithACursor(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "pages");
    for (String run : List.of("RUN-p1", "RUN-p2", "RUN-p3")) {
      a.init(run + "-" + a.org);
    }
    HttpResult first = ksp.get(a.runs() + "?limit=2", a.viewer);
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.items()).hasSize(2);
    String cursor = first.json().getString("nextCursor");
    HttpResult second = ksp.get(a.runs() + "?limit=2&cursor=" + cursor, a.viewer);
    assertThat(second.items()).hasSize(1);
    assertThat(second.json().isNull("nextCursor")).isTrue();
    List<JsonObject> all =
        java.util.stream.Stream.concat(first.items().stream(), second.items().stream())
            .map(v -> v.asJsonObject())
            .toList();
    assertThat(all)
        .extracting(v -> v.getString("runId"))
        .containsExactlyInAnyOrder("RUN-p1-" + a.org, "RUN-p2-" + a.org, "RUN-p3-" + a.org);
    // Newest first, then by id, across the page boundary.
    assertThat(all)
        .isSortedAccordingTo(
            java.util.Comparator.comparing(
                    (JsonObject v) -> java.time.Instant.parse(v.getString("createdAt")))
                .reversed()
                .thenComparing(v -> v.getString("runId")));
    HttpResult bad = ksp.get(a.runs() + "?cursor=bm90LWEtY3Vyc29y", a.viewer);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.problemCode()).isEqualTo("invalid-cursor");
  }

  @Test
  void badInitsAreRefusedWithTheirField(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "runs");
    HttpResult badExecutor = a.init("RUN-x", "robots", false);
    assertThat(badExecutor.status()).isEqualTo(400);
    assertThat(badExecutor.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("executor");
    HttpResult badId = ksp.post(a.runs(), a.operator, "{\"runId\":\"RUN:with:colons\"}");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(ksp.post(a.runs(), a.operator, "{}").status()).isEqualTo(400);
    assertThat(ksp.post(a.runs(), a.agent, "{\"runId\":\"RUN-y\"}").status()).isEqualTo(403);
    assertThat(
            ksp.post(a.runs(), ksp.token(Ksp.OPERATOR, "someone-else"), "{\"runId\":\"R\"}")
                .status())
        .isEqualTo(403);
  }

  @Test
  void seedingStoresReadyBeadsWithOneCreatedAtAndARepeatChangesNothing_scenario2(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "seed");
    String run = "RUN-" + a.org;
    a.init(run);
    List<Atoms.Seed> molecule =
        List.of(
            seed(run, "A1"),
            seed(run, "A2", "A1"),
            seed(run, "A3", "A1"),
            seed(run, "A4", "A2", "A3"));

    HttpResult first = a.seed(run, "WG-IS-1", molecule);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getInt("seeded")).isEqualTo(4);
    assertThat(first.json().getInt("existing")).isZero();

    List<Map<String, Object>> rows =
        ksp.db()
            .query(
                "SELECT id, status, attempt_count, created_at, gear_id, molecule_id FROM"
                    + " execution_bead WHERE run_id = ? ORDER BY id",
                run);
    assertThat(rows).extracting(r -> r.get("id")).containsExactly("A1", "A2", "A3", "A4");
    assertThat(rows).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("READY"));
    assertThat(rows)
        .allSatisfy(r -> assertThat(((Number) r.get("attempt_count")).intValue()).isZero());
    assertThat(rows.stream().map(r -> r.get("created_at")).collect(Collectors.toSet())).hasSize(1);
    assertThat(
            ksp.db()
                .query(
                    "SELECT parent_id, child_id FROM atom_edge WHERE run_id = ?"
                        + " ORDER BY parent_id, child_id",
                    run))
        .extracting(r -> r.get("parent_id") + ">" + r.get("child_id"))
        .containsExactly("A1>A2", "A1>A3", "A2>A4", "A3>A4");
    assertThat(a.run(run).getString("status")).isEqualTo("SEEDED");
    assertThat(a.run(run).getJsonObject("counts").getInt("ready")).isEqualTo(4);
    assertThat(a.dispatchKeys(run)).containsExactly(run + ":A1:0");

    int events = a.events(run, "sessionEvents,beadUpdates", 4).size();
    HttpResult again = a.seed(run, "WG-IS-1", molecule);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getInt("seeded")).isZero();
    assertThat(again.json().getInt("existing")).isEqualTo(4);
    assertThat(
            ksp.db()
                .query("SELECT created_at FROM execution_bead WHERE run_id = ? ORDER BY id", run))
        .extracting(r -> r.get("created_at"))
        .containsOnly(rows.get(0).get("created_at"));
    assertThat(ksp.db().count("SELECT COUNT(*) FROM atom_edge WHERE run_id = ?", run)).isEqualTo(4);
    // A repeated seed announces nothing (after the same hand-off delay the first one had).
    Await.stillFalse(
        "a repeated seed's events",
        Duration.ofSeconds(1),
        () -> a.events(run, "sessionEvents,beadUpdates", 0).size() != events);
    assertThat(a.dispatchKeys(run)).hasSize(1);

    JsonObject listed =
        ksp.get(a.runs() + "/" + run + "/beads?status=READY&limit=2", a.viewer).json();
    assertThat(listed.getJsonArray("items")).hasSize(2);
    assertThat(listed.getJsonArray("items").getJsonObject(1).getJsonArray("dependsOn"))
        .isEqualTo(Json.createArrayBuilder().add("A1").build());
    JsonObject rest =
        ksp.get(
                a.runs()
                    + "/"
                    + run
                    + "/beads?status=READY&limit=2&cursor="
                    + listed.getString("nextCursor"),
                a.viewer)
            .json();
    assertThat(rest.getJsonArray("items"))
        .extracting(v -> v.asJsonObject().getString("id"))
        .containsExactly("A3", "A4");
    assertThat(rest.isNull("nextCursor")).isTrue();
  }

  @Test
  void aSeedNamingAnAbsentParentStoresNothing(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "seed");
    String run = "RUN-" + a.org;
    a.init(run);
    HttpResult r = a.seed(run, "WG-1", List.of(seed(run, "A1"), seed(run, "A2", "A9")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.problemCode()).isEqualTo("unknown-dependency");
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("beads[1].dependsOn[0]");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM execution_bead WHERE run_id = ?", run))
        .isZero();
    assertThat(ksp.db().count("SELECT COUNT(*) FROM atom_dispatch WHERE run_id = ?", run)).isZero();
  }

  @Test
  void aSeedNamingAnUnregisteredGearIsUnprocessable_P16(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "seed");
    String run = "RUN-" + a.org;
    a.init(run);
    Atoms.Seed bad =
        new Atoms.Seed("A1", "GEAR-missing", Atoms.v1(run, "A1", "x").build(), List.of());
    HttpResult r = a.seed(run, "WG-1", List.of(bad));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.problemCode()).isEqualTo("unknown-gear");
    assertThat(r.json().getString("detail")).contains("gear:GEAR-missing");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM execution_bead WHERE run_id = ?", run))
        .isZero();
  }

  @Test
  void aSeedWithACycleIsRefused(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "seed");
    String run = "RUN-" + a.org;
    a.init(run);
    HttpResult r = a.seed(run, "WG-1", List.of(seed(run, "A1", "A2"), seed(run, "A2", "A1")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.problemCode()).isEqualTo("dependency-cycle");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM execution_bead WHERE run_id = ?", run))
        .isZero();
  }

  /**
   * Not scenario 10 itself: this server reads BR-KSP-16 as "init is mandatory" (the coordination
   * domain's package-info says why), so a run that was never initialised has no beads to hold and
   * every call on it is 404 with no row written.
   */
  @Test
  void anUninitialisedRunIsNotFoundForSeedsClaimsAndReleases_initIsMandatory_BR_KSP_16(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "uninit");
    String run = "RUN-never-" + a.org;
    HttpResult seeded = a.seed(run, "WG-1", List.of(seed(run, "B1")));
    assertThat(seeded.status()).isEqualTo(404);
    assertThat(seeded.problemCode()).isEqualTo("run-not-found");
    HttpResult claimed = a.claim(run, "B1", "exec-1");
    assertThat(claimed.status()).isEqualTo(404);
    assertThat(claimed.problemCode()).isEqualTo("run-not-found");
    HttpResult released = a.release(run, "B1", "any-lease", "done");
    assertThat(released.status()).isEqualTo(404);
    assertThat(released.problemCode()).isEqualTo("run-not-found");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM coordinator_run WHERE run_id = ?", run))
        .isZero();
    assertThat(ksp.db().count("SELECT COUNT(*) FROM execution_bead WHERE run_id = ?", run))
        .isZero();
    assertThat(ksp.db().count("SELECT COUNT(*) FROM bead_audit WHERE run_id = ?", run)).isZero();
  }

  @Test
  void nextOnAnUnseededMoleculeIsAPermanentErrorNamingIt_scenario3(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "next");
    String run = "RUN-" + a.org;
    a.create(run, List.of(seed(run, "A1"), seed(run, "A2", "A1")));

    HttpResult r = ksp.get(a.runs() + "/" + run + "/molecules/WG-X/next", a.viewer);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.problemCode()).isEqualTo("beads-not-seeded");
    assertThat(r.json().getString("detail")).contains("WG-X").contains("BeadsNotSeededError");
    assertThat(a.run(run).getString("status")).isEqualTo("SEEDED");

    HttpResult next = ksp.get(a.runs() + "/" + run + "/molecules/WG-1/next", a.viewer);
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.json().getString("id")).isEqualTo("A1");
    assertThat(a.status(run, "A1")).isEqualTo("READY");
  }
}
