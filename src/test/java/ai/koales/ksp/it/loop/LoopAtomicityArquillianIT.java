package ai.koales.ksp.it.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.koales.ksp.domain.artifact.GraphCensus;
import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.bead.BeadType;
import ai.koales.ksp.domain.bead.CacheKeys;
import ai.koales.ksp.domain.bead.KnowingStateCache;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loop closure inside the container: a bridge point is one transaction across both graphs (a
 * failure between the graph write and the bead write leaves neither, at BP2 as at BP5's last
 * write), and BP6 runs after the adoption's cache invalidation and cannot fail it (scenarios 32,
 * 34; INV-LC-004, 006, 007, 008). Runs in the server, so it asserts with JUnit only.
 */
@ExtendWith(ArquillianExtension.class)
class LoopAtomicityArquillianIT {

  @Deployment
  static WebArchive deployment() {
    // The ingester lives in WEB-INF/lib, like the services that look it up: beans of
    // WEB-INF/classes
    // are not visible to the library bean archives on Payara.
    JavaArchive ingester =
        ShrinkWrap.create(JavaArchive.class, "ksp-test-ingester.jar")
            .addClass(RecordingIngester.class)
            .addAsManifestResource(
                new StringAsset("<beans bean-discovery-mode=\"annotated\"/>"), "beans.xml");
    return ShrinkWrap.createFromZipFile(
            WebArchive.class, new File(System.getProperty("ksp.it.war")))
        .addClass(FailingBeadWrites.class)
        .addAsLibrary(ingester);
  }

  @Inject LoopClosure loop;
  @Inject BeadGraphService beads;
  @Inject ArtifactGraphService artifacts;
  @Inject KnowingStateCache cache;
  @Inject RecordingIngester ingester;

  String org;
  String trust;

  void setUp() {
    org = "arq-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("scope", "org");
    policy.put("rules", Map.of());
    policy.put("autonomy", "EXECUTE_FULL");
    policy.put("effective_at", "2026-06-10T00:00:00Z");
    beads.recordGovernanceBead(org, "policy", policy, List.of(), null, null, "op");
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("subject_id", "vendor-1");
    t.put("subject_type", "vendor");
    t.put("status", "APPROVED");
    t.put("trust_score", 0.8);
    t.put("rationale", "r");
    t.put("evidence_refs", List.of());
    trust = beads.recordGovernanceBead(org, "trust", t, List.of(), null, null, "op").beadId();
    artifacts.upsertNode(GraphKey.main(org), "spec-001", "Specification", Map.of("version", "v1"));
  }

  @Test
  void aFailureBetweenTheGraphWriteAndTheBeadWriteLeavesNeither() {
    setUp();
    KnowingStateSession s = loop.openSession(org, "role-1", "agent-1", null);
    long nodesBefore = artifacts.census(GraphKey.main(org)).nodeCount();
    long executionsBefore = beads.list(org, "execution", null, null, null, 10).items().size();

    FailingBeadWrites.failNext = true;
    assertThrows(
        RuntimeException.class,
        () ->
            loop.recordExecution(
                org,
                s.sessionId(),
                new ExecutionReport("factory", "deploy", 1, "running", "x", null)));

    assertEquals(
        nodesBefore,
        artifacts.census(GraphKey.main(org)).nodeCount(),
        "no Execution node was kept");
    assertEquals(
        executionsBefore,
        beads.list(org, "execution", null, null, null, 10).items().size(),
        "no execution bead");
    LoopResults.ExecutionRecorded retried =
        loop.recordExecution(
            org, s.sessionId(), new ExecutionReport("factory", "deploy", 1, "running", "x", null));
    assertTrue(artifacts.findNode(GraphKey.main(org), retried.executionNodeId()).isPresent());
  }

  @Test
  void aFailureAtTheApprovedBeadUndoesTheWholeAdoption_INV_LC_004() {
    setUp();
    LoopResults.AmendmentProposed p = proposed();
    GraphCensus before = artifacts.census(GraphKey.main(org));
    List<String> beadsBefore = beadIds();
    String cached = CacheKeys.knowingState(org, "role-1", null);
    cache.put(cached, "kept", CacheKeys.KNOWING_STATE_TTL);
    int ingested = ingester.calls().size();

    // Fails the last write of the adoption: the specification, disposition, elucidation and the
    // successor trust bead are written by then.
    FailingBeadWrites.failWhen =
        w -> w.bead().type() == BeadType.AMENDMENT && "APPROVED".equals(w.bead().text("status"));
    assertThrows(
        RuntimeException.class,
        () ->
            loop.adoptAmendment(
                org, null, p.amendmentNodeId(), p.amendmentBeadId(), "reviewer-1", null));
    assertNull(FailingBeadWrites.failWhen, "the adoption reached its APPROVED bead");

    GraphCensus after = artifacts.census(GraphKey.main(org));
    assertEquals(before.nodeCount(), after.nodeCount(), "no node kept: " + after);
    assertEquals(before.edgeCount(), after.edgeCount(), "no edge kept: " + after);
    assertEquals(0, after.nodes("ElucidationArtifact"));
    assertEquals(1, after.nodes("Specification"));
    assertEquals(beadsBefore, beadIds(), "no bead kept (successor, audits, APPROVED)");
    assertEquals(trust, beads.currentTrust(org, "vendor-1").id().value());
    assertEquals(
        List.of(p.amendmentBeadId()),
        beads.openAmendments(org).stream().map(b -> b.id().value()).toList(),
        "the amendment is still open");
    assertTrue(cache.get(cached).isPresent(), "a rolled-back adoption invalidates nothing");
    assertEquals(ingested, ingester.calls().size(), "BP6 does not run for a failed adoption");

    LoopResults.AdoptionResult retried =
        loop.adoptAmendment(
            org, null, p.amendmentNodeId(), p.amendmentBeadId(), "reviewer-1", null);
    assertTrue(retried.adopted());
    assertEquals(retried.newBeadId(), beads.currentTrust(org, "vendor-1").id().value());
    assertFalse(cache.get(cached).isPresent());
  }

  /** BP1-BP4 in the org: a PENDING amendment of the trust bead. */
  private LoopResults.AmendmentProposed proposed() {
    KnowingStateSession s = loop.openSession(org, "role-1", "agent-1", null);
    LoopResults.ExecutionRecorded e =
        loop.recordExecution(
            org, s.sessionId(), new ExecutionReport("factory", "deploy", 1, "running", "x", null));
    TraceFacts trace =
        new TraceFacts(
            "atom-42",
            "failure",
            true,
            List.of(new TraceFacts.DetectorFiring("INV-001", "warning", "m")));
    LoopResults.OutcomeRecorded o =
        loop.recordOutcome(
            org,
            s.sessionId(),
            e.executionBeadId(),
            new OutcomeReport(1, OutcomeStatus.FAILURE, "failed", Optional.of(trace), null));
    return loop.proposeAmendment(
        org,
        null,
        new LoopResults.AmendmentProposal(o.divergenceIds().get(0), o.outcomeBeadId(), null, null));
  }

  /** Every bead id of the org, of every type, sorted. */
  private List<String> beadIds() {
    return beads.list(org, null, null, null, null, 500).items().stream()
        .map(b -> b.id().value())
        .sorted()
        .toList();
  }

  @Test
  void scenario32and34_adoptionInvalidatesOneOrgsCacheThenAFailingIngesterCannotFailIt() {
    setUp();
    KnowingStateSession s = loop.openSession(org, "role-1", "agent-1", null);
    LoopResults.ExecutionRecorded e =
        loop.recordExecution(
            org, s.sessionId(), new ExecutionReport("factory", "deploy", 1, "running", "x", null));
    TraceFacts trace =
        new TraceFacts(
            "atom-42",
            "failure",
            true,
            List.of(new TraceFacts.DetectorFiring("INV-001", "warning", "m")));
    LoopResults.OutcomeRecorded o =
        loop.recordOutcome(
            org,
            s.sessionId(),
            e.executionBeadId(),
            new OutcomeReport(1, OutcomeStatus.FAILURE, "failed", Optional.of(trace), null));
    LoopResults.AmendmentProposed p =
        loop.proposeAmendment(
            org,
            null,
            new LoopResults.AmendmentProposal(
                o.divergenceIds().get(0), o.outcomeBeadId(), null, null));

    String otherOrg = "arq-other-" + UUID.randomUUID().toString().substring(0, 6);
    cache.put(CacheKeys.knowingState(org, "role-1", null), "stale", CacheKeys.KNOWING_STATE_TTL);
    cache.put(CacheKeys.trustHead(org, "vendor-1"), trust, CacheKeys.HEAD_TTL);
    cache.put(CacheKeys.maintenance(org), "stale", CacheKeys.MAINTENANCE_TTL);
    cache.put(
        CacheKeys.knowingState(otherOrg, "role-1", null), "kept", CacheKeys.KNOWING_STATE_TTL);
    RecordingIngester.watchedKey = CacheKeys.knowingState(org, "role-1", null);
    // The ingester is application-scoped: other tests' adoptions are in its calls too.
    int earlier = ingester.calls().size();

    LoopResults.AdoptionResult adopted =
        loop.adoptAmendment(
            org, null, p.amendmentNodeId(), p.amendmentBeadId(), "reviewer-1", null);

    assertTrue(adopted.adopted());
    List<String> calls = ingester.calls();
    assertEquals(
        List.of(adopted.newSpecificationId()),
        calls.subList(earlier, calls.size()),
        "BP6 ran once for the new specification");
    assertTrue(ingester.cacheWasInvalidated(), "BP6 ran after the invalidation (INV-LC-008)");
    assertFalse(cache.get(CacheKeys.knowingState(org, "role-1", null)).isPresent());
    assertFalse(cache.get(CacheKeys.trustHead(org, "vendor-1")).isPresent());
    assertFalse(cache.get(CacheKeys.maintenance(org)).isPresent());
    assertTrue(
        cache.get(CacheKeys.knowingState(otherOrg, "role-1", null)).isPresent(),
        "another org's knowing state is kept");
    assertEquals(adopted.newBeadId(), beads.currentTrust(org, "vendor-1").id().value());
  }
}
