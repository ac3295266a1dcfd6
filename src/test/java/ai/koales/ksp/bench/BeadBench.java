package ai.koales.ksp.bench;

import ai.koales.ksp.domain.bead.AuditAction;
import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadType;
import ai.koales.ksp.domain.bead.CacheKeys;
import ai.koales.ksp.domain.bead.KnowingStateCache;
import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.persistence.bead.BeadGraphService;
import ai.koales.ksp.persistence.bead.KnowingStateSessions;
import ai.koales.ksp.persistence.bead.ParsedBeads;
import ai.koales.ksp.persistence.platform.PartitionLocks;
import ai.koales.ksp.persistence.platform.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bead write throughput through the application service against a raw-JDBC baseline that inserts
 * the same rows (bead, audit, edges) in one transaction each, single and four writers; and
 * knowing-state retrieval latency for cache hits, misses and cold misses in an org of 10,000 beads
 * (plus their audit beads). Runs inside the container (in-process), on the bench profile's H2 file
 * database.
 */
@ExtendWith(ArquillianExtension.class)
class BeadBench {

  static final int WRITES = 3000;

  /**
   * Warm-up in batches of this many writes of each kind (service, then baseline, single writer)
   * until two service batches in a row agree within {@link #STEADY} on CPU per write and the JIT
   * compiled for less than {@link #STEADY} of the last batch's time, after at least {@link
   * #WARMUP_MIN_BATCHES}: on two cores the C2 compiler needs minutes for the container's code, and
   * a fixed warm-up left the service half-compiled in one run and not in the next (measured ratios
   * 0.27 and 0.46 on the same code).
   */
  static final int WARMUP = 3000;

  static final double STEADY = 0.05;
  static final int WARMUP_MIN_BATCHES = 3;
  static final int WARMUP_MAX_BATCHES = 40;

  static final int RETRIEVALS = 2000;
  static final int RETRIEVAL_WARMUP = 3000;
  static final int ROUNDS = 3;

  @Deployment
  static WebArchive deployment() {
    WebArchive war =
        ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ksp.it.war")));
    war.addClasses(BenchTable.class, BenchProbe.class);
    war.addAsResource(
        new StringAsset("out=" + System.getProperty("ksp.bench.out") + "\n"),
        "ksp-bench.properties");
    return war;
  }

  @Inject BeadGraphService beads;
  @Inject KnowingStateSessions sessions;
  @Inject KnowingStateCache cache;

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Resource ManagedExecutorService executor;

  @Inject BenchProbe probe;
  @Inject ParsedBeads parsedBeads;
  @Inject PartitionLocks partitions;

  /**
   * CPU microseconds per call of {@code op}, over {@code n} calls after as many warm-up calls (the
   * JIT must have compiled each step's path, or the first steps measured pay for it).
   */
  static double cpuMicros(int n, java.util.function.IntConsumer op) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < n; i++) {
      op.accept(n + i);
    }
    long c0 = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      op.accept(i);
    }
    return (mx.getCurrentThreadCpuTime() - c0) / 1000.0 / n;
  }

  @Test
  void writeBreakdown() throws Exception {
    String org = "bench-probe-" + UUID.randomUUID().toString().substring(0, 6);
    int n = 4000;
    List<Bead[]> rawPairs = new ArrayList<>();
    List<Bead[]> jtaPairs = new ArrayList<>();
    for (int i = 0; i < 2 * n; i++) {
      rawPairs.add(probe.create(org + "-r", trust("r" + i, 0.5)));
      jtaPairs.add(probe.create(org + "-j", trust("j" + i, 0.5)));
    }
    double raw;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      raw =
          cpuMicros(
              n,
              i -> {
                try {
                  probe.insertPair(c, rawPairs.get(i));
                  c.commit();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
    }
    double empty = cpuMicros(n, i -> probe.emptyTransaction());
    double lock = cpuMicros(n, i -> probe.lock(org));
    double lockJdbc = cpuMicros(n, i -> probe.lockJdbc(org));
    double jtaInserts = cpuMicros(n, i -> probe.jdbcInserts(jtaPairs.get(i)));
    double create = cpuMicros(n, i -> probe.create(org, trust("c" + i, 0.5)));
    double service =
        cpuMicros(
            n,
            i ->
                beads.recordGovernanceBead(
                    org + "-s", "trust", trust("s" + i, 0.5), List.of(), null, null, "bench"));
    new BenchTable(
            "Where a bead write's CPU goes (in-process, single thread, microseconds per call)",
            "step",
            "CPU us")
        .row("raw JDBC: insert bead, audit, edge and commit on a held connection", raw)
        .row("empty @Transactional call", empty)
        .row("transaction + partition lock (PartitionLocks)", lock)
        .row("transaction + the same lock as one JDBC statement", lockJdbc)
        .row("transaction + JDBC inserts of bead, audit, edge (rows precomputed)", jtaInserts)
        .row("Bead.create of bead and audit (schema, canonical JSON, SHA-256)", create)
        .row("BeadGraphService.recordGovernanceBead", service)
        .note(n + " calls each after " + n + " warm-up calls, one thread")
        .publish(Path.of(outDir()), "bead-write-breakdown");
  }

  @Test
  void beadWritesAndRetrievals() throws Exception {
    warmUp();
    // Service and baseline alternate, ROUNDS times; each figure is the median of its rounds, so a
    // pause of the machine (GC, the database's background writer) moves neither alone.
    double[][] r = new double[8][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      r[0][round] = serviceRate(1, false);
      r[1][round] = lastCpuMicrosPerWrite;
      r[2][round] = baselineRate(1);
      r[3][round] = lastCpuMicrosPerWrite;
      r[4][round] = serviceRate(4, false);
      r[5][round] = serviceRate(4, true);
      r[6][round] = baselineRate(4);
      r[7][round] = baselineRate(4, true);
    }
    double service1 = BenchTable.median(r[0]);
    double serviceCpu = BenchTable.median(r[1]);
    double baseline1 = BenchTable.median(r[2]);
    double baselineCpu = BenchTable.median(r[3]);
    double service4 = BenchTable.median(r[4]);
    double service4orgs = BenchTable.median(r[5]);
    double baseline4 = BenchTable.median(r[6]);
    double baseline4locked = BenchTable.median(r[7]);

    BenchTable writes =
        new BenchTable(
                "Bead writes on H2 (in-process; each write = bead + audit bead + audits edge, one transaction)",
                "writers",
                "service beads/s",
                "raw JDBC beads/s",
                "service / baseline")
            .row("1", service1, baseline1, String.format("%.2f", service1 / baseline1))
            .row("4 (one org)", service4, baseline4, String.format("%.2f", service4 / baseline4))
            .row(
                "4 (one org), the baseline also locking the org's partition row",
                service4,
                baseline4locked,
                String.format("%.2f", service4 / baseline4locked))
            .row(
                "4 (four orgs)",
                service4orgs,
                baseline4,
                String.format("%.2f", service4orgs / baseline4))
            .note(
                WRITES
                    + " writes per writer and round, median of "
                    + ROUNDS
                    + " alternating rounds, after "
                    + warmUpBatches
                    + " warm-up batches of "
                    + WARMUP
                    + " writes of each (until the service's CPU per write was steady and the JIT compiled for "
                    + String.format("%.1f", warmUpJitShare * 100)
                    + "% of the last batch's time); 'beads' counts the written bead (its audit bead is extra)")
            .note(
                "The service validates the schema, hashes canonical JSON, locks the org's partition row and checks parents; the baseline's rows (ids, canonical JSON, audit beads) are built before its clock starts, so it only inserts")
            .note(
                "Writers of one org are serialised by the org's partition row (core.md §7): the plain baseline takes no lock, so its four writers run in parallel while the service's queue; the locked baseline queues the same way")
            .note(
                String.format(
                    "CPU per write, single writer (independent of other load on the machine): service %.0f us, baseline %.0f us, baseline/service %.2f",
                    serviceCpu, baselineCpu, baselineCpu / serviceCpu));

    String org = "bench-ks-" + UUID.randomUUID().toString().substring(0, 6);
    int beadsInOrg = populate(org);
    KnowingStateSession s = sessions.open(org, "role-1", "bench-agent");
    String prefix = CacheKeys.knowingStatePrefix(org);
    // Each kind is measured in its own run of RETRIEVALS calls after RETRIEVAL_WARMUP unmeasured
    // ones: interleaved, every hit followed a miss and paid for the garbage the miss left behind.
    long[] sessionHit =
        sample(
            () -> {},
            () -> {
              sessions.retrieve(org, s.sessionId(), null);
            });
    long[] readHit = sample(() -> {}, () -> beads.knowingState(org, "role-1", null));
    long[] sessionMiss =
        sample(
            () -> cache.invalidatePrefix(prefix),
            () -> {
              sessions.retrieve(org, s.sessionId(), null);
            });
    long[] readMiss =
        sample(() -> cache.invalidatePrefix(prefix), () -> beads.knowingState(org, "role-1", null));
    // A cold miss: no knowing state cached and no stored bead parsed yet (as after a restart).
    long[] sessionCold =
        sample(
            () -> {
              cache.invalidatePrefix(prefix);
              parsedBeads.clear();
            },
            () -> {
              sessions.retrieve(org, s.sessionId(), null);
            });
    long[] readCold =
        sample(
            () -> {
              cache.invalidatePrefix(prefix);
              parsedBeads.clear();
            },
            () -> beads.knowingState(org, "role-1", null));
    BenchTable retrieval =
        new BenchTable(
                "Knowing-state retrieval with "
                    + beadsInOrg
                    + " beads in the org, plus their audit beads (in-process, ms)",
                "operation",
                "p50",
                "p99",
                "target p99")
            .row(
                "cache hit: session retrieval (records ksRetrievedAt, saves the session)",
                BenchTable.percentileMillis(sessionHit, 50),
                BenchTable.percentileMillis(sessionHit, 99),
                "1 ms")
            .row(
                "cache hit: knowing-state read",
                BenchTable.percentileMillis(readHit, 50),
                BenchTable.percentileMillis(readHit, 99),
                "1 ms")
            .row(
                "knowing-state cache miss, parsed beads warm: session retrieval",
                BenchTable.percentileMillis(sessionMiss, 50),
                BenchTable.percentileMillis(sessionMiss, 99),
                "20 ms")
            .row(
                "knowing-state cache miss, parsed beads warm: knowing-state read",
                BenchTable.percentileMillis(readMiss, 50),
                BenchTable.percentileMillis(readMiss, 99),
                "20 ms")
            .row(
                "cold miss (both caches empty): session retrieval",
                BenchTable.percentileMillis(sessionCold, 50),
                BenchTable.percentileMillis(sessionCold, 99),
                "20 ms")
            .row(
                "cold miss (both caches empty): knowing-state read",
                BenchTable.percentileMillis(readCold, 50),
                BenchTable.percentileMillis(readCold, 99),
                "20 ms")
            .note(
                RETRIEVALS
                    + " samples each, each kind in its own run after "
                    + RETRIEVAL_WARMUP
                    + " unmeasured calls; the org holds 500 trust subjects with 2 versions each, 20 policies, 20 consents and "
                    + ESCALATIONS
                    + " escalations, every one with its audit bead")
            .note(
                "a miss with parsed beads warm reads the rows from H2 but reuses their parsed form (ParsedBeads: beads never change); a cold miss also parses every row it reads, as the first retrieval after a restart does");
    Path out = Path.of(outDir());
    writes.publish(out, "bead-writes");
    retrieval.publish(out, "knowing-state");
  }

  /**
   * Runs {@code prepare} then times {@code op}, RETRIEVAL_WARMUP times unmeasured, then RETRIEVALS.
   */
  private static long[] sample(Runnable prepare, Runnable op) {
    for (int i = 0; i < RETRIEVAL_WARMUP; i++) {
      prepare.run();
      op.run();
    }
    long[] nanos = new long[RETRIEVALS];
    for (int i = 0; i < RETRIEVALS; i++) {
      prepare.run();
      long t0 = System.nanoTime();
      op.run();
      nanos[i] = System.nanoTime() - t0;
    }
    return nanos;
  }

  private int warmUpBatches;

  /** The JIT's compile time during the last warm-up batch, as a share of that batch's time. */
  private double warmUpJitShare;

  private void warmUp() throws Exception {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    java.lang.management.CompilationMXBean jit =
        java.lang.management.ManagementFactory.getCompilationMXBean();
    double previous = 0;
    for (int batch = 0; batch < WARMUP_MAX_BATCHES; batch++) {
      String org = "bench-warm-" + UUID.randomUUID().toString().substring(0, 6);
      long t0 = System.nanoTime();
      long jit0 = jit.getTotalCompilationTime();
      long c0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < WARMUP; i++) {
        beads.recordGovernanceBead(
            org, "trust", trust("w" + i, 0.5), List.of(), null, null, "bench");
      }
      double cpu = (mx.getCurrentThreadCpuTime() - c0) / (double) WARMUP;
      insertBaseline(baselineRows(org + "-raw", 0, WARMUP));
      warmUpJitShare = (jit.getTotalCompilationTime() - jit0) / ((System.nanoTime() - t0) / 1e6);
      warmUpBatches = batch + 1;
      if (warmUpBatches >= WARMUP_MIN_BATCHES
          && Math.abs(cpu - previous) <= STEADY * previous
          && warmUpJitShare <= STEADY) {
        return;
      }
      previous = cpu;
    }
  }

  private double serviceRate(int writers, boolean orgPerWriter) throws Exception {
    String org = "bench-svc-" + UUID.randomUUID().toString().substring(0, 6);
    return timed(
        writers,
        w -> {
          String o = orgPerWriter ? org + "-" + w : org;
          for (int i = 0; i < WRITES; i++) {
            beads.recordGovernanceBead(
                o, "trust", trust("w" + w + "-" + i, 0.5), List.of(), null, null, "bench");
          }
          return null;
        });
  }

  /**
   * The baseline's rows (bead, audit bead, edge) are built before the clock starts: the timed
   * region only inserts precomputed rows, one transaction per bead.
   */
  private double baselineRate(int writers) throws Exception {
    return baselineRate(writers, false);
  }

  /** With {@code locked}, each baseline transaction first locks the org's partition row. */
  private double baselineRate(int writers, boolean locked) throws Exception {
    String org = "bench-raw-" + UUID.randomUUID().toString().substring(0, 6);
    if (locked) {
      partitions.create(PartitionLocks.BEAD_GRAPH, org);
    }
    List<List<Row[]>> rows = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      rows.add(baselineRows(org, w, WRITES));
    }
    return timed(
        writers,
        w -> {
          insertBaseline(rows.get(w), locked ? org : null);
          return null;
        });
  }

  interface Work {
    Void run(int writer) throws Exception;
  }

  /** CPU microseconds per write of the last timed run, summed over its writer threads. */
  private double lastCpuMicrosPerWrite;

  private double timed(int writers, Work work) throws Exception {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
    long t0 = System.nanoTime();
    List<Future<Void>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Callable<Void> c =
          () -> {
            long c0 = mx.getCurrentThreadCpuTime();
            work.run(writer);
            cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
            return null;
          };
      futures.add(executor.submit(c));
    }
    for (Future<Void> f : futures) {
      f.get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    lastCpuMicrosPerWrite = cpu.get() / 1000.0 / (writers * WRITES);
    return writers * WRITES / seconds;
  }

  /** One precomputed bead row: every column value ready to bind. */
  record Row(
      String orgId,
      String beadId,
      String type,
      String parentIds,
      String content,
      String writtenBy,
      long ts,
      String subjectId,
      String subjectType,
      String status,
      Double trustScore) {

    static Row of(Bead b) {
      return new Row(
          b.orgId(),
          b.id().value(),
          b.type().wireName(),
          String.join(",", b.parentIds()),
          b.canonicalContent(),
          b.writtenBy(),
          b.ts(),
          b.text("subject_id"),
          b.text("subject_type"),
          b.text("status"),
          b.number("trust_score"));
    }
  }

  /**
   * The same rows the service writes for {@code count} trust beads (each bead with its audit bead),
   * ids, canonical JSON and all, computed here so that the timed inserts do none of that work.
   */
  private static List<Row[]> baselineRows(String org, int writer, int count) {
    List<Row[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Bead b =
          Bead.create(
              org, BeadType.TRUST, trust("r" + writer + "-" + i, 0.5), List.of(), "bench", 1);
      rows.add(new Row[] {Row.of(b), Row.of(b.audit(AuditAction.CREATE, "bench", "api:bench", 1))});
    }
    return rows;
  }

  private void insertBaseline(List<Row[]> rows) throws Exception {
    insertBaseline(rows, null);
  }

  /**
   * Inserts precomputed rows with plain JDBC, one transaction per bead (bead, audit, edge); with
   * {@code lockedOrg}, each transaction first locks that org's partition row as the service does.
   */
  private void insertBaseline(List<Row[]> rows, String lockedOrg) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement lock =
              c.prepareStatement(
                  "SELECT created_at FROM partition_lock WHERE scope = ? AND partition_key = ? FOR UPDATE");
          PreparedStatement bead =
              c.prepareStatement(
                  "INSERT INTO bead (org_id, bead_id, bead_type, parent_ids, content, written_by, ts, subject_id, subject_type, status, trust_score)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement edge =
              c.prepareStatement(
                  "INSERT INTO bead_edge (org_id, child_id, parent_id, rel) VALUES (?, ?, ?, ?)")) {
        for (Row[] pair : rows) {
          if (lockedOrg != null) {
            lock.setString(1, PartitionLocks.BEAD_GRAPH);
            lock.setString(2, lockedOrg);
            lock.executeQuery().close();
          }
          for (Row r : pair) {
            bead.setString(1, r.orgId());
            bead.setString(2, r.beadId());
            bead.setString(3, r.type());
            bead.setString(4, r.parentIds());
            bead.setString(5, r.content());
            bead.setString(6, r.writtenBy());
            bead.setLong(7, r.ts());
            bead.setString(8, r.subjectId());
            bead.setString(9, r.subjectType());
            bead.setString(10, r.status());
            bead.setObject(11, r.trustScore());
            bead.executeUpdate();
          }
          edge.setString(1, pair[0].orgId());
          edge.setString(2, pair[1].beadId());
          edge.setString(3, pair[0].beadId());
          edge.setString(4, "audits");
          edge.executeUpdate();
          c.commit();
        }
      }
    }
  }

  /**
   * 10,000 beads, not counting their 10,000 audit beads: 500 trust subjects with 2 versions each
   * (the second supersedes the first), 20 policies, 20 consents and 8,960 escalations. Returns the
   * number of non-audit beads.
   */
  private int populate(String org) {
    List<String> trustIds = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String first =
          beads
              .recordGovernanceBead(
                  org,
                  "trust",
                  trust("s" + i, 0.4 + (i % 50) / 100.0),
                  List.of(),
                  null,
                  null,
                  "bench")
              .beadId();
      trustIds.add(
          beads
              .recordGovernanceBead(
                  org,
                  "trust",
                  trust("s" + i, 0.5 + (i % 50) / 100.0),
                  List.of(),
                  null,
                  first,
                  "bench")
              .beadId());
    }
    for (int i = 0; i < 20; i++) {
      Map<String, Object> policy = new LinkedHashMap<>();
      policy.put("scope", i % 2 == 0 ? "org" : "role-" + i);
      policy.put("rules", Map.of("n", i));
      policy.put("autonomy", "EXECUTE_BOUNDED");
      policy.put("effective_at", "2026-01-01T00:00:00Z");
      beads.recordGovernanceBead(org, "policy", policy, List.of(), null, null, "bench");
      Map<String, Object> consent = new LinkedHashMap<>();
      consent.put("role_id", "role-" + (i % 5));
      consent.put("grants", List.of("a" + i));
      consent.put("status", "ACTIVE");
      consent.put("granted_by", "bench");
      consent.put("granted_at", "2026-01-01T00:00:00Z");
      beads.recordGovernanceBead(org, "consent", consent, List.of(), null, null, "bench");
    }
    for (int i = 0; i < ESCALATIONS; i++) {
      Map<String, Object> escalation = new LinkedHashMap<>();
      escalation.put("trigger_bead_id", trustIds.get(i % trustIds.size()));
      escalation.put("reason", "review " + i);
      escalation.put("escalated_to", "ops");
      beads.recordGovernanceBead(org, "escalation", escalation, List.of(), null, null, "bench");
    }
    return 1000 + 40 + ESCALATIONS;
  }

  static final int ESCALATIONS = 8960;

  static Map<String, Object> trust(String subject, double score) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("subject_id", subject);
    c.put("subject_type", "vendor");
    c.put("status", "APPROVED");
    c.put("trust_score", score);
    c.put("rationale", "bench");
    c.put("evidence_refs", List.of());
    return c;
  }

  private String outDir() throws Exception {
    Properties p = new Properties();
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("ksp-bench.properties")) {
      p.load(in);
    }
    return p.getProperty("out");
  }
}
