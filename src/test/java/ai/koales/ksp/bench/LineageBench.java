package ai.koales.ksp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Lineage walks at depth 50 on a 10,000-node artifact graph: through the application service (the
 * REST lineage endpoint, timed end to end by the client and inside the server by its {@code
 * Server-Timing} header) side by side with a raw-SQL baseline of the same walk (one recursive CTE
 * over JDBC against the same database, loading the same node rows).
 *
 * <p>The graph: a {@code version_of} chain of 2,000 Specification nodes {@code s0 ← s1 ← ... ←
 * s1999}, and four branch successors {@code b{i}-{k} version_of s{i}} per chain node (8,000):
 * 10,000 nodes, 9,999 edges, built through the API. A backward walk from {@code s{i}} (i ≥ 50) at
 * depth 50 returns 51 nodes; a forward walk returns 51 chain nodes and the branches of the first 50
 * (251).
 *
 * <p>Run: {@code mvn -B -ntp verify -Pbench} (H2), or with {@code KSP_IT_PG_URL} set and {@code
 * -Dbench.db=postgres}. Prints a Markdown table and writes it to {@code
 * ${ksp.bench.out}/lineage.md}.
 */
@SystemTest
class LineageBench {

  static final int CHAIN = 2_000;
  static final int BRANCHES = 4;
  static final int DEPTH = 50;
  static final int WARMUP = 200;
  static final int WALKS = 1_000;
  static final int BUILDERS = 4;

  static final String CTE =
      "WITH RECURSIVE walk(id, depth) AS ("
          + " SELECT CAST(? AS VARCHAR(200)), 0"
          + " UNION ALL"
          + " SELECT %s, w.depth + 1 FROM walk w JOIN artifact_edge e"
          + " ON e.graph_key = ? AND %s = w.id AND e.rel = 'version_of'"
          + " WHERE w.depth < ?)"
          + " SELECT n.id, n.type, n.data, n.ns, n.created, n.updated, MIN(w.depth) AS depth"
          + " FROM walk w JOIN artifact_node n ON n.graph_key = ? AND n.id = w.id"
          + " GROUP BY n.id, n.type, n.data, n.ns, n.created, n.updated"
          + " ORDER BY MIN(w.depth), n.id";

  @Test
  void lineageAtDepth50OnA10000NodeGraph(Ksp ksp) throws Exception {
    String org = Ksp.newOrg("bench");
    String token = ksp.token(Ksp.OPERATOR, org);
    String graph = "/api/v1/orgs/" + org + "/graphs/lineage";
    String key = org + ":lineage";

    long buildStarted = System.nanoTime();
    int nodes =
        build(
            ksp,
            CHAIN * (1 + BRANCHES),
            i -> {
              String id = i < CHAIN ? "s" + i : branch(i - CHAIN);
              return post(
                  ksp,
                  graph + "/nodes",
                  token,
                  "{\"id\":\"" + id + "\",\"nodeType\":\"Specification\",\"seq\":" + i + "}");
            });
    double nodeSeconds = (System.nanoTime() - buildStarted) / 1e9;
    long edgesStarted = System.nanoTime();
    int edges =
        build(
            ksp,
            CHAIN - 1 + CHAIN * BRANCHES,
            i -> {
              String source = i < CHAIN - 1 ? "s" + (i + 1) : branch(i - (CHAIN - 1));
              String target = i < CHAIN - 1 ? "s" + i : "s" + ((i - (CHAIN - 1)) / BRANCHES);
              return put(
                  ksp,
                  graph + "/edges",
                  token,
                  "{\"source\":\""
                      + source
                      + "\",\"target\":\""
                      + target
                      + "\",\"rel\":\"version_of\"}");
            });
    double edgeSeconds = (System.nanoTime() - edgesStarted) / 1e9;
    assertThat(ksp.db().count("SELECT COUNT(*) FROM artifact_node WHERE graph_key = ?", key))
        .isEqualTo(CHAIN * (1 + BRANCHES));

    Random random = new Random(42);
    int[] starts = new int[WARMUP + WALKS];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = DEPTH + random.nextInt(CHAIN - 2 * DEPTH);
    }
    String reader = ksp.token(Ksp.VIEWER, org);
    List<String> rows = new ArrayList<>();
    try (Connection jdbc = ksp.db().connect()) {
      for (String direction : List.of("backward", "forward")) {
        Samples http = new Samples();
        Samples server = new Samples();
        Samples sql = new Samples();
        String cte =
            direction.equals("backward")
                ? String.format(CTE, "e.target", "e.source")
                : String.format(CTE, "e.source", "e.target");
        int size = 0;
        try (PreparedStatement walk = jdbc.prepareStatement(cte)) {
          for (int i = 0; i < starts.length; i++) {
            String start = "s" + starts[i];
            boolean measured = i >= WARMUP;

            String path =
                graph
                    + "/nodes/"
                    + start
                    + "/lineage?direction="
                    + direction
                    + "&maxDepth="
                    + DEPTH;
            long t0 = System.nanoTime();
            HttpResult r = retried(() -> get(ksp, path, reader));
            long t1 = System.nanoTime();
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            List<String> fromService =
                r.items().stream()
                    .map(v -> v.asJsonObject().getJsonObject("node").getString("id"))
                    .sorted()
                    .toList();

            long t2 = System.nanoTime();
            List<String> fromSql = cte(walk, start, key);
            long t3 = System.nanoTime();

            // Same walk, same nodes: the baseline is only a baseline if it answers the same.
            assertThat(fromSql).isEqualTo(fromService);
            size = fromService.size();
            if (measured) {
              http.add(t1 - t0);
              server.add(serverTiming(r));
              sql.add(t3 - t2);
            }
          }
        }
        rows.add(row(direction + " walk, REST end to end (client)", size, http));
        rows.add(row(direction + " walk, service in the server (Server-Timing)", size, server));
        rows.add(row(direction + " walk, raw recursive CTE over JDBC (baseline)", size, sql));
      }
      Samples floor = new Samples();
      for (int i = 0; i < starts.length; i++) {
        String path = graph + "/nodes/s" + starts[i];
        long t0 = System.nanoTime();
        HttpResult r = retried(() -> get(ksp, path, reader));
        long t1 = System.nanoTime();
        assertThat(r.status()).isEqualTo(200);
        if (i >= WARMUP) {
          floor.add(t1 - t0);
        }
      }
      rows.add(row("GET one node, REST (fixed HTTP + auth cost)", 1, floor));
    }

    String table =
        "## Lineage walk at depth "
            + DEPTH
            + " on a "
            + nodes
            + "-node graph ("
            + ksp.db().kind()
            + ")\n\n"
            + String.format(
                Locale.ROOT,
                "Graph built through the API by %d clients: %d nodes in %.1f s (%.0f/s), %d edges"
                    + " in %.1f s (%.0f/s). %d walks measured per row after %d warm-up walks,"
                    + " from random chain nodes.%n%n",
                BUILDERS,
                nodes,
                nodeSeconds,
                nodes / nodeSeconds,
                edges,
                edgeSeconds,
                edges / edgeSeconds,
                WALKS,
                WARMUP)
            + (RETRIES.get() == 0
                ? ""
                : "Requests retried after a transport failure: " + RETRIES.get() + ".\n\n")
            + "| what | nodes returned | p50 ms | p99 ms | mean ms |\n"
            + "|---|---:|---:|---:|---:|\n"
            + String.join("\n", rows)
            + "\n\n"
            + (ksp.db().isPostgres()
                ? "The baseline's JDBC connection and the server's both reach PostgreSQL over"
                    + " loopback TCP.\n"
                : "On H2 the server runs the database in-process while the baseline reaches it"
                    + " over loopback TCP (AUTO_SERVER), which favours the server.\n");
    System.out.println("\n" + table);
    Path out = Path.of(System.getProperty("ksp.bench.out", "target/bench"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("lineage.md"), table);
  }

  static final AtomicInteger RETRIES = new AtomicInteger();

  /**
   * The bench's own client: HTTP/1.1 with keep-alive. The JDK client's default upgrades to h2c,
   * which Payara accepts; tens of thousands of requests over it ended in connection failures on
   * this machine, and the figures should not depend on that.
   */
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(30))
          .build();

  static HttpResult get(Ksp ksp, String path, String token) {
    return send(ksp.request(path, token).GET());
  }

  static HttpResult post(Ksp ksp, String path, String token, String json) {
    return send(
        ksp.request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static HttpResult put(Ksp ksp, String path, String token, String json) {
    return send(
        ksp.request(path, token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  static HttpResult send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new HttpResult(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends a request, once more if the connection failed before an answer (seen once on a loaded
   * machine after tens of thousands of requests). Every write here is idempotent (an append
   * answered 409 on the retry counts as done), and the retries are reported with the figures.
   */
  static HttpResult retried(Supplier<HttpResult> request) {
    try {
      return request.get();
    } catch (UncheckedIOException transport) {
      RETRIES.incrementAndGet();
      return request.get();
    }
  }

  static String branch(int i) {
    return "b" + (i / BRANCHES) + "-" + (i % BRANCHES);
  }

  /** Sends {@code count} writes through {@link #BUILDERS} clients; every one must succeed. */
  static int build(Ksp ksp, int count, IntFunction<HttpResult> write) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(BUILDERS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int per = (count + BUILDERS - 1) / BUILDERS;
      for (int b = 0; b < BUILDERS; b++) {
        int from = b * per;
        int to = Math.min(count, from + per);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = from; i < to; i++) {
                    int n = i;
                    HttpResult r = retried(() -> write.apply(n));
                    if (r.status() != 201 && r.status() != 200 && r.status() != 409) {
                      throw new IllegalStateException("write " + i + ": " + r);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return count;
  }

  static List<String> cte(PreparedStatement walk, String start, String key) throws SQLException {
    walk.setString(1, start);
    walk.setString(2, key);
    walk.setInt(3, DEPTH);
    walk.setString(4, key);
    List<String> ids = new ArrayList<>();
    try (ResultSet rs = walk.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
        // Load what the service loads: the node's type, data and times.
        rs.getString(2);
        rs.getString(3);
        rs.getLong(5);
      }
    }
    ids.sort(null);
    return ids;
  }

  static long serverTiming(HttpResult r) {
    String header = r.header("Server-Timing");
    String dur = header.substring(header.indexOf("dur=") + 4);
    return (long) (Double.parseDouble(dur) * 1_000_000);
  }

  static String row(String what, int size, Samples s) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %.2f | %.2f | %.2f |",
        what,
        size,
        s.percentile(50),
        s.percentile(99),
        s.mean());
  }

  /** Durations in nanoseconds, reported in milliseconds. */
  static final class Samples {
    private long[] values = new long[16];
    private int n;

    void add(long nanos) {
      if (n == values.length) {
        values = Arrays.copyOf(values, n * 2);
      }
      values[n++] = nanos;
    }

    double percentile(int p) {
      long[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p / 100.0 * n);
      return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    double mean() {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += values[i];
      }
      return sum / 1e6 / n;
    }
  }
}
