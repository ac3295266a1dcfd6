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
import jakarta.inject.Inject;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
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

  @Test
  void fullLoops() throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      oneLoop(setUp());
    }
    long[] loopNanos = new long[LOOPS];
    long[][] perBp = new long[5][LOOPS];
    long total = 0;
    for (int i = 0; i < LOOPS; i++) {
      String org = setUp();
      long t0 = System.nanoTime();
      long[] bps = oneLoop(org);
      loopNanos[i] = System.nanoTime() - t0;
      total += loopNanos[i];
      for (int b = 0; b < 5; b++) {
        perBp[b][i] = bps[b];
      }
    }
    BenchTable table =
        new BenchTable("Full BP1 -> BP5 loops on H2 (in-process)", "measure", "value")
            .row("loops per second", LOOPS / (total / 1e9))
            .row("loop p50 (ms)", BenchTable.percentileMillis(loopNanos, 50))
            .row("loop p99 (ms)", BenchTable.percentileMillis(loopNanos, 99));
    String[] names = {
      "BP1 open session",
      "BP2 record execution",
      "BP3 record outcome (2 divergences)",
      "BP4 propose amendment",
      "BP5 adopt (verify, new spec, new trust bead)"
    };
    for (int b = 0; b < 5; b++) {
      table.row(
          names[b] + " p50 / p99 (ms)",
          String.format(
              "%.2f / %.2f",
              BenchTable.percentileMillis(perBp[b], 50),
              BenchTable.percentileMillis(perBp[b], 99)));
    }
    table
        .note(
            LOOPS
                + " loops after "
                + WARMUP
                + " warm-up loops, one org each (policy, trust bead, specification)")
        .publish(Path.of(outDir()), "loop");
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

  /** Nanoseconds spent in each bridge point. */
  private long[] oneLoop(String org) {
    long[] t = new long[5];
    long t0 = System.nanoTime();
    KnowingStateSession s = loop.openSession(org, "role-1", "agent-1", null);
    t[0] = System.nanoTime() - t0;
    t0 = System.nanoTime();
    LoopResults.ExecutionRecorded e =
        loop.recordExecution(
            org,
            s.sessionId(),
            new ExecutionReport("factory", "deploy", 3, "running", "deploying", null));
    t[1] = System.nanoTime() - t0;
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
    t0 = System.nanoTime();
    LoopResults.AmendmentProposed p =
        loop.proposeAmendment(
            org,
            null,
            new LoopResults.AmendmentProposal(
                o.divergenceIds().get(0), o.outcomeBeadId(), null, null));
    t[3] = System.nanoTime() - t0;
    t0 = System.nanoTime();
    LoopResults.AdoptionResult a =
        loop.adoptAmendment(
            org, null, p.amendmentNodeId(), p.amendmentBeadId(), "bench-reviewer", null);
    t[4] = System.nanoTime() - t0;
    if (!a.adopted()) {
      throw new IllegalStateException("the loop did not adopt");
    }
    return t;
  }

  private String outDir() throws Exception {
    Properties p = new Properties();
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("ksp-bench.properties")) {
      p.load(in);
    }
    return p.getProperty("out");
  }
}
