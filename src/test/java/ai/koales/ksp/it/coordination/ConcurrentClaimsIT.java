package ai.koales.ksp.it.coordination;

import static ai.koales.ksp.it.coordination.Atoms.seed;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Real concurrent agents over HTTP (INV-C1, INV-C2, INV-C4): racing claimers of one bead, and 16
 * agents working a 500-bead DAG to completion.
 */
@SystemTest
class ConcurrentClaimsIT {

  static final int AGENTS = 16;
  static final int BEADS = 500;
  static final int LAYER = 20;

  @Test
  void ofTwoConcurrentClaimersExactlyOneWins_scenario5_100Repeats(Ksp ksp) throws Exception {
    Atoms a = Atoms.forNewOrg(ksp, "race");
    String run = "RUN-" + a.org;
    List<Atoms.Seed> beads = new ArrayList<>();
    beads.add(seed(run, "A1"));
    for (int i = 1; i <= 100; i++) {
      beads.add(seed(run, "A2-" + i, "A1"));
    }
    a.create(run, beads);
    a.complete(run, "A1", "exec-1");

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int i = 1; i <= 100; i++) {
        String bead = "A2-" + i;
        CyclicBarrier start = new CyclicBarrier(2);
        Future<HttpResult> exec2 = pool.submit(() -> race(start, a, run, bead, "exec-2"));
        Future<HttpResult> exec3 = pool.submit(() -> race(start, a, run, bead, "exec-3"));
        List<Integer> statuses = List.of(exec2.get().status(), exec3.get().status());
        assertThat(statuses).as("round " + i).containsExactlyInAnyOrder(201, 409);
        HttpResult loser = exec2.get().status() == 409 ? exec2.get() : exec3.get();
        assertThat(loser.problemCode()).isEqualTo("already-claimed");
        JsonObject view = a.beadView(run, bead);
        assertThat(view.getString("status")).isEqualTo("IN_PROGRESS");
        assertThat(view.getInt("attemptCount")).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM bead_audit WHERE run_id = ? AND verdict = 'claimed'",
                    run))
        .isEqualTo(101);
  }

  private static HttpResult race(
      CyclicBarrier start, Atoms a, String run, String bead, String agent) throws Exception {
    start.await(10, TimeUnit.SECONDS);
    return a.claim(run, bead, agent);
  }

  /**
   * A layered DAG: 25 layers of 20; every bead after the first layer depends on two beads of the
   * layer before (fixed random choice).
   */
  static List<Atoms.Seed> dag(String run) {
    Random random = new Random(42);
    List<Atoms.Seed> beads = new ArrayList<>();
    for (int i = 0; i < BEADS; i++) {
      int layer = i / LAYER;
      if (layer == 0) {
        beads.add(seed(run, "B" + i));
      } else {
        int p1 = (layer - 1) * LAYER + random.nextInt(LAYER);
        int p2 = (layer - 1) * LAYER + random.nextInt(LAYER);
        beads.add(p1 == p2 ? seed(run, "B" + i, "B" + p1) : seed(run, "B" + i, "B" + p1, "B" + p2));
      }
    }
    return beads;
  }

  @RepeatedTest(5)
  void sixteenAgentsCompleteA500BeadDagWithoutDoubleOrEarlyClaims(Ksp ksp) throws Exception {
    Atoms a = Atoms.forNewOrg(ksp, "dag");
    String run = "RUN-" + a.org;
    List<Atoms.Seed> beads = dag(run);
    a.create(run, beads);

    Map<String, AtomicInteger> claimsPerBead = new ConcurrentHashMap<>();
    AtomicInteger claims = new AtomicInteger();
    AtomicInteger releases = new AtomicInteger();
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
    try {
      List<Future<?>> agents = new ArrayList<>();
      for (int n = 0; n < AGENTS; n++) {
        String agentId = "agent-" + n;
        agents.add(
            pool.submit(
                () -> {
                  while (releases.get() < BEADS && problems.isEmpty()) {
                    HttpResult c = a.claimNext(agentId);
                    if (c.status() == 204) {
                      // Nothing ready until a parent is released: the agent's poll interval.
                      Thread.sleep(5);
                      continue;
                    }
                    if (c.status() != 201) {
                      problems.add("claim: " + c);
                      return null;
                    }
                    JsonObject claim = c.json();
                    String bead = claim.getString("beadId");
                    claims.incrementAndGet();
                    claimsPerBead.computeIfAbsent(bead, k -> new AtomicInteger()).incrementAndGet();
                    HttpResult r =
                        a.release(run, bead, claim.getString("leaseToken"), "done by " + agentId);
                    if (r.status() != 200) {
                      problems.add("release " + bead + ": " + r);
                      return null;
                    }
                    releases.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : agents) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    System.out.printf(
        "%d agents completed %d beads (%d transitions) in %d ms%n",
        AGENTS, BEADS, 2 * BEADS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    assertThat(problems).isEmpty();
    assertThat(claims.get()).isEqualTo(BEADS);
    assertThat(releases.get()).isEqualTo(BEADS);
    assertThat(claimsPerBead).hasSize(BEADS).allSatisfy((k, v) -> assertThat(v.get()).isOne());
    JsonObject finished = a.run(run);
    assertThat(finished.getString("status")).isEqualTo("COMPLETE");
    assertThat(finished.getJsonObject("counts").getInt("done")).isEqualTo(BEADS);

    // Audit rows = transitions: one claimed and one done per bead, nothing else.
    List<Map<String, Object>> audit =
        ksp.db()
            .query("SELECT id, bead_id, verdict FROM bead_audit WHERE run_id = ? ORDER BY id", run);
    assertThat(audit).hasSize(2 * BEADS);
    Map<String, Long> claimedAt = new HashMap<>();
    Map<String, Long> doneAt = new HashMap<>();
    for (Map<String, Object> row : audit) {
      long id = ((Number) row.get("id")).longValue();
      String bead = (String) row.get("bead_id");
      Map<String, Long> target = "claimed".equals(row.get("verdict")) ? claimedAt : doneAt;
      assertThat(target.put(bead, id)).as("one %s row for %s", row.get("verdict"), bead).isNull();
    }
    assertThat(claimedAt).hasSize(BEADS);
    assertThat(doneAt).hasSize(BEADS);
    // No claim before every parent was DONE: a child's claim is audited after its parents' done.
    for (Map<String, Object> edge :
        ksp.db().query("SELECT parent_id, child_id FROM atom_edge WHERE run_id = ?", run)) {
      String parent = (String) edge.get("parent_id");
      String child = (String) edge.get("child_id");
      assertThat(claimedAt.get(child))
          .as("%s claimed after its parent %s was done", child, parent)
          .isGreaterThan(doneAt.get(parent));
    }
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM execution_bead WHERE run_id = ? AND status = 'DONE'"
                        + " AND attempt_count = 1",
                    run))
        .isEqualTo(BEADS);
  }
}
