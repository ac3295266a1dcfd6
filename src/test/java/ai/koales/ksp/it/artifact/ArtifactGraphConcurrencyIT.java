package ai.koales.ksp.it.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Single writer per graph key (INV-AG-006): eight real HTTP clients writing to one fresh graph at
 * once lose nothing, create the partition row once, and keep one edge per triple.
 */
@SystemTest
class ArtifactGraphConcurrencyIT {

  static final int WRITERS = 8;
  static final int NODES_PER_WRITER = 12;

  @RepeatedTest(3)
  void eightConcurrentWritersToOneGraphLoseNothing_INV_AG_006(Ksp ksp, RepetitionInfo run)
      throws Exception {
    Graph g = Graph.fresh(ksp);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<List<HttpResult>>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit(() -> write(g, writer, start)));
      }
      start.countDown();
      for (Future<List<HttpResult>> f : writers) {
        for (HttpResult r : f.get(120, TimeUnit.SECONDS)) {
          assertThat(r.status()).as("run " + run.getCurrentRepetition() + ": " + r).isIn(200, 201);
        }
      }
    } finally {
      pool.shutdownNow();
    }

    long nodes = WRITERS * NODES_PER_WRITER + 1;
    var census = g.get("").json();
    assertThat(census.getJsonNumber("nodeCount").longValue()).isEqualTo(nodes);
    // Every writer's chain plus one edge per writer into the shared hub, which all also upserted.
    assertThat(census.getJsonObject("edgesByRel").getInt("version_of"))
        .isEqualTo(WRITERS * (NODES_PER_WRITER - 1));
    assertThat(census.getJsonObject("edgesByRel").getInt("concerns")).isEqualTo(WRITERS);
    assertThat(census.getJsonObject("edgesByRel").getInt("informs")).isEqualTo(1);
    assertThat(Graph.ids(g.get("/nodes/hub/edges?direction=in&rel=concerns&limit=500")))
        .hasSize(WRITERS);
    // Write order is gap-free and unique: the single writer's seq counter never raced.
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(DISTINCT seq) FROM artifact_node WHERE graph_key = ?", g.key()))
        .isEqualTo(nodes);
    assertThat(ksp.db().count("SELECT MAX(seq) FROM artifact_node WHERE graph_key = ?", g.key()))
        .isEqualTo(nodes);
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM partition_lock WHERE scope = 'artifact'"
                        + " AND partition_key = ?",
                    g.key()))
        .isEqualTo(1);
    for (int w = 0; w < WRITERS; w++) {
      assertThat(
              Graph.lineageIds(g.get("/nodes/w" + w + "-n" + (NODES_PER_WRITER - 1) + "/lineage")))
          .as("writer " + w + "'s chain")
          .hasSize(NODES_PER_WRITER);
    }
  }

  /** One writer: the shared hub, its own chain of nodes, and edges to the hub. */
  private static List<HttpResult> write(Graph g, int writer, CountDownLatch start)
      throws InterruptedException {
    start.await();
    List<HttpResult> results = new ArrayList<>();
    results.add(g.put("hub", "Claim", "{\"by\":" + writer + "}"));
    for (int i = 0; i < NODES_PER_WRITER; i++) {
      String id = "w" + writer + "-n" + i;
      results.add(g.append("{\"id\":\"" + id + "\",\"nodeType\":\"Specification\"}"));
      if (i > 0) {
        results.add(g.putEdge(id, "version_of", "w" + writer + "-n" + (i - 1), null));
      }
    }
    results.add(g.putEdge("w" + writer + "-n0", "concerns", "hub", "{\"writer\":" + writer + "}"));
    results.add(g.putEdge("hub", "informs", "hub", "{\"writer\":" + writer + "}"));
    return results;
  }
}
