package ai.koales.ksp.bench;

import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.loop.ExecutionReport;
import ai.koales.ksp.domain.loop.OutcomeReport;
import ai.koales.ksp.domain.loop.OutcomeStatus;
import ai.koales.ksp.domain.loop.TraceFacts;
import ai.koales.ksp.persistence.artifact.ArtifactGraphService;
import ai.koales.ksp.persistence.bead.BeadGraphService;
import ai.koales.ksp.persistence.loop.LoopClosure;
import ai.koales.ksp.persistence.loop.LoopResults;
import ai.koales.ksp.persistence.platform.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Full loops per second: BP1 open, BP2 execution, BP3 outcome with a divergence, BP4 proposal, BP5
 * adoption (each bridge point one transaction), in-process on the bench profile's H2 file database.
 * Each loop runs in its own org, so it adopts against a fresh trust bead.
 *
 * <p>Baseline, measured in the same run: the rows one loop writes (beads, bead edges, nodes, edges,
 * the session row and its updates), captured from a template loop and written again with plain JDBC
 * into a fresh org, one transaction per bridge point: what the database alone costs, without locks,
 * reads, validation, hashing or the loop's logic.
 */
@ExtendWith(ArquillianExtension.class)
class LoopBench {

  static final int WARMUP = 30;
  static final int LOOPS = 200;

  @Deployment
  static WebArchive deployment() {
    WebArchive war =
        ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ksp.it.war")));
    war.addClass(BenchTable.class);
    war.addAsResource(
        new StringAsset("out=" + System.getProperty("ksp.bench.out") + "\n"),
        "ksp-bench.properties");
    return war;
  }

  @Inject LoopClosure loop;
  @Inject BeadGraphService beads;
  @Inject ArtifactGraphService artifacts;

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  static final String[] NAMES = {
    "BP1 open session",
    "BP2 record execution",
    "BP3 record outcome (2 divergences)",
    "BP4 propose amendment",
    "BP5 adopt (verify, new spec, new trust bead)"
  };

  @Test
  void fullLoops() throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      oneLoop(setUp(), b -> {});
    }
    long[] loopNanos = new long[LOOPS];
    long[][] perBp = new long[5][LOOPS];
    long total = 0;
    for (int i = 0; i < LOOPS; i++) {
      String org = setUp();
      long t0 = System.nanoTime();
      long[] bps = oneLoop(org, b -> {});
      loopNanos[i] = System.nanoTime() - t0;
      total += loopNanos[i];
      for (int b = 0; b < 5; b++) {
        perBp[b][i] = bps[b];
      }
    }

    Template template = template();
    for (int i = 0; i < WARMUP; i++) {
      template.replay(dataSource);
    }
    long[] baseNanos = new long[LOOPS];
    long[][] basePerBp = new long[5][LOOPS];
    long baseTotal = 0;
    for (int i = 0; i < LOOPS; i++) {
      long[] bps = template.replay(dataSource);
      for (int b = 0; b < 5; b++) {
        basePerBp[b][i] = bps[b];
        baseNanos[i] += bps[b];
      }
      baseTotal += baseNanos[i];
    }

    double service = LOOPS / (total / 1e9);
    double baseline = LOOPS / (baseTotal / 1e9);
    BenchTable table =
        new BenchTable(
                "Full BP1 -> BP5 loops on H2 (in-process)",
                "measure",
                "service",
                "raw JDBC baseline",
                "service / baseline")
            .row("loops per second", service, baseline, ratio(service, baseline))
            .row(
                "loop p50 (ms)",
                BenchTable.percentileMillis(loopNanos, 50),
                BenchTable.percentileMillis(baseNanos, 50),
                ratio(
                    BenchTable.percentileMillis(loopNanos, 50),
                    BenchTable.percentileMillis(baseNanos, 50)))
            .row(
                "loop p99 (ms)",
                BenchTable.percentileMillis(loopNanos, 99),
                BenchTable.percentileMillis(baseNanos, 99),
                ratio(
                    BenchTable.percentileMillis(loopNanos, 99),
                    BenchTable.percentileMillis(baseNanos, 99)));
    for (int b = 0; b < 5; b++) {
      double s50 = BenchTable.percentileMillis(perBp[b], 50);
      double b50 = BenchTable.percentileMillis(basePerBp[b], 50);
      table.row(
          NAMES[b] + " p50 / p99 (ms)",
          String.format(Locale.ROOT, "%.2f / %.2f", s50, BenchTable.percentileMillis(perBp[b], 99)),
          String.format(
              Locale.ROOT, "%.2f / %.2f", b50, BenchTable.percentileMillis(basePerBp[b], 99)),
          ratio(s50, b50) + " (p50)");
    }
    table
        .note(
            LOOPS
                + " loops after "
                + WARMUP
                + " warm-up loops, one org each (policy, trust bead, specification)")
        .note(
            "Baseline: the rows of one loop, captured from a template loop and written again with"
                + " plain JDBC into a fresh org, one transaction per bridge point, after the same"
                + " warm-up; rows (inserted + updated) per bridge point: "
                + template.describe())
        .note(
            "The service also takes the partition locks, reads what it needs (session, beads,"
                + " specification, edges), validates and hashes the beads and runs the verifier;"
                + " the baseline only writes")
        .publish(Path.of(outDir()), "loop");
  }

  static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  private String setUp() {
    String org = "bench-loop-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("scope", "org");
    policy.put("rules", Map.of());
    policy.put("autonomy", "EXECUTE_BOUNDED");
    policy.put("effective_at", "2026-01-01T00:00:00Z");
    beads.recordGovernanceBead(org, "policy", policy, List.of(), null, null, "bench");
    Map<String, Object> trust = new LinkedHashMap<>();
    trust.put("subject_id", "vendor-1");
    trust.put("subject_type", "vendor");
    trust.put("status", "APPROVED");
    trust.put("trust_score", 0.8);
    trust.put("rationale", "bench");
    trust.put("evidence_refs", List.of());
    beads.recordGovernanceBead(org, "trust", trust, List.of(), null, null, "bench");
    artifacts.upsertNode(GraphKey.main(org), "spec-001", "Specification", Map.of("version", "v1"));
    return org;
  }

  /**
   * Nanoseconds spent in each bridge point; {@code after} is called after each one (untimed) with
   * its index.
   */
  private long[] oneLoop(String org, IntConsumer after) {
    long[] t = new long[5];
    long t0 = System.nanoTime();
    KnowingStateSession s = loop.openSession(org, "role-1", "agent-1", null);
    t[0] = System.nanoTime() - t0;
    after.accept(0);
    t0 = System.nanoTime();
    LoopResults.ExecutionRecorded e =
        loop.recordExecution(
            org,
            s.sessionId(),
            new ExecutionReport("factory", "deploy", 3, "running", "deploying", null));
    t[1] = System.nanoTime() - t0;
    after.accept(1);
    TraceFacts trace =
        new TraceFacts(
            "atom-42",
            "failure",
            true,
            List.of(new TraceFacts.DetectorFiring("INV-001", "warning", "m")));
    t0 = System.nanoTime();
    LoopResults.OutcomeRecorded o =
        loop.recordOutcome(
            org,
            s.sessionId(),
            e.executionBeadId(),
            new OutcomeReport(3, OutcomeStatus.FAILURE, "failed", Optional.of(trace), null));
    t[2] = System.nanoTime() - t0;
    after.accept(2);
    t0 = System.nanoTime();
    LoopResults.AmendmentProposed p =
        loop.proposeAmendment(
            org,
            null,
            new LoopResults.AmendmentProposal(
                o.divergenceIds().get(0), o.outcomeBeadId(), null, null));
    t[3] = System.nanoTime() - t0;
    after.accept(3);
    t0 = System.nanoTime();
    LoopResults.AdoptionResult a =
        loop.adoptAmendment(
            org, null, p.amendmentNodeId(), p.amendmentBeadId(), "bench-reviewer", null);
    t[4] = System.nanoTime() - t0;
    if (!a.adopted()) {
      throw new IllegalStateException("the loop did not adopt");
    }
    after.accept(4);
    return t;
  }

  // ------------------------------------------------------------------------------- baseline

  /** A table a loop writes, the column that names the org (or graph), and its key columns. */
  record Table(String name, String orgColumn, List<String> key) {}

  /** Parents before children: bead edges and artifact edges reference their ends. */
  static final List<Table> TABLES =
      List.of(
          new Table("bead", "org_id", List.of("org_id", "bead_id")),
          new Table("bead_edge", "org_id", List.of("org_id", "child_id", "parent_id", "rel")),
          new Table("artifact_node", "graph_key", List.of("graph_key", "id")),
          new Table("artifact_edge", "graph_key", List.of("graph_key", "source", "target", "rel")),
          new Table("ksp_session", "org_id", List.of("session_id")));

  /** One row: its values by column, and the SQL type of each column. */
  record Row(Table table, Map<String, Object> values, Map<String, Integer> types) {
    List<Object> key() {
      return table.key().stream().map(values::get).toList();
    }
  }

  /** One row write of a bridge point: an insert, or an update of a row written earlier. */
  record Write(Row row, boolean insert) {}

  /** The writes of a template loop: its setup, then each bridge point's. */
  record Template(List<Write> setUp, List<List<Write>> bridgePoints) {

    String describe() {
      List<String> out = new ArrayList<>();
      for (int b = 0; b < bridgePoints.size(); b++) {
        long inserts = bridgePoints.get(b).stream().filter(Write::insert).count();
        out.add("BP" + (b + 1) + " " + inserts + " + " + (bridgePoints.get(b).size() - inserts));
      }
      return String.join(", ", out);
    }

    /** Writes the setup (untimed), then each bridge point's rows; nanoseconds per bridge point. */
    long[] replay(DataSource dataSource) throws SQLException {
      String org = "bench-raw-" + UUID.randomUUID().toString().substring(0, 8);
      Map<Object, String> sessions = new HashMap<>();
      long[] t = new long[bridgePoints.size()];
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        write(c, setUp, org, sessions);
        c.commit();
        for (int b = 0; b < bridgePoints.size(); b++) {
          long t0 = System.nanoTime();
          write(c, bridgePoints.get(b), org, sessions);
          c.commit();
          t[b] = System.nanoTime() - t0;
        }
      }
      return t;
    }

    private static void write(
        Connection c, List<Write> writes, String org, Map<Object, String> sessions)
        throws SQLException {
      for (Write w : writes) {
        Map<String, Object> values = new LinkedHashMap<>(w.row().values());
        values.replaceAll(
            (column, v) ->
                switch (column) {
                  case "org_id" -> org;
                  case "graph_key" -> org + ":main";
                  case "session_id" ->
                      w.row().table().name().equals("ksp_session")
                          ? sessions.computeIfAbsent(v, x -> UUID.randomUUID().toString())
                          : v;
                  default -> v;
                });
        List<String> columns = new ArrayList<>(values.keySet());
        String sql;
        List<String> order;
        if (w.insert()) {
          sql =
              "INSERT INTO "
                  + w.row().table().name()
                  + " ("
                  + String.join(", ", columns)
                  + ") VALUES ("
                  + String.join(", ", columns.stream().map(x -> "?").toList())
                  + ")";
          order = columns;
        } else {
          List<String> key = w.row().table().key();
          List<String> set = columns.stream().filter(x -> !key.contains(x)).toList();
          sql =
              "UPDATE "
                  + w.row().table().name()
                  + " SET "
                  + String.join(", ", set.stream().map(x -> x + " = ?").toList())
                  + " WHERE "
                  + String.join(" AND ", key.stream().map(x -> x + " = ?").toList());
          order = new ArrayList<>(set);
          order.addAll(key);
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          for (int i = 0; i < order.size(); i++) {
            Object v = values.get(order.get(i));
            if (v == null) {
              ps.setNull(i + 1, w.row().types().get(order.get(i)));
            } else {
              ps.setObject(i + 1, v);
            }
          }
          ps.executeUpdate();
        }
      }
    }
  }

  /** Runs one loop and records, after its setup and after each bridge point, what it wrote. */
  private Template template() throws SQLException {
    String org = setUp();
    Map<List<Object>, Row> seen = new HashMap<>();
    List<Write> setUp = writesSince(org, seen);
    List<List<Write>> bridgePoints = new ArrayList<>();
    oneLoop(
        org,
        b -> {
          try {
            bridgePoints.add(writesSince(org, seen));
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
    return new Template(setUp, bridgePoints);
  }

  /**
   * The rows of the org that are new or changed since {@code seen}, which is brought up to date.
   */
  private List<Write> writesSince(String org, Map<List<Object>, Row> seen) throws SQLException {
    List<Write> writes = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      for (Table table : TABLES) {
        String sql = "SELECT * FROM " + table.name() + " WHERE " + table.orgColumn() + " = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, table.orgColumn().equals("graph_key") ? org + ":main" : org);
          try (ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
              Map<String, Object> values = new LinkedHashMap<>();
              Map<String, Integer> types = new HashMap<>();
              for (int i = 1; i <= md.getColumnCount(); i++) {
                String column = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                values.put(column, rs.getObject(i));
                types.put(column, md.getColumnType(i));
              }
              Row row = new Row(table, values, types);
              List<Object> id = new ArrayList<>(row.key());
              id.add(0, table.name());
              Row before = seen.put(id, row);
              if (before == null) {
                writes.add(new Write(row, true));
              } else if (!Objects.equals(before.values(), values)) {
                writes.add(new Write(row, false));
              }
            }
          }
        }
      }
    }
    return writes;
  }

  private String outDir() throws Exception {
    Properties p = new Properties();
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("ksp-bench.properties")) {
      p.load(in);
    }
    return p.getProperty("out");
  }
}
