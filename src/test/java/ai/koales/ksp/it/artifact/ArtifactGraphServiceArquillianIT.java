package ai.koales.ksp.it.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.koales.ksp.domain.artifact.ArtifactEdge;
import ai.koales.ksp.domain.artifact.ArtifactNode;
import ai.koales.ksp.domain.artifact.ArtifactPath;
import ai.koales.ksp.domain.artifact.GraphCensus;
import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.artifact.HypothesisFilter;
import ai.koales.ksp.domain.artifact.LineageEntry;
import ai.koales.ksp.domain.artifact.NoActiveSpecificationException;
import ai.koales.ksp.domain.artifact.NodeExistsException;
import ai.koales.ksp.domain.artifact.NodeNotFoundException;
import ai.koales.ksp.domain.artifact.NodeTypes;
import ai.koales.ksp.domain.artifact.PathStep;
import ai.koales.ksp.domain.artifact.Relations;
import ai.koales.ksp.domain.artifact.UnknownNodeException;
import ai.koales.ksp.domain.artifact.Upserted;
import ai.koales.ksp.it.support.Wars;
import ai.koales.ksp.persistence.artifact.ArtifactGraphService;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application service as another context calls it, inside the container: several writes in ONE
 * caller transaction (INV-AG-005; what loop closure does with its beads), reads that see the
 * transaction's own writes, refusals that leave the caller's transaction usable, and the walks that
 * have no REST surface ({@code walkBoundedPath}, {@code collectLineageIds}).
 */
@ExtendWith(ArquillianExtension.class)
class ArtifactGraphServiceArquillianIT {

  /**
   * The built WAR with an issuer configured: this class calls no endpoint, and development mode
   * would write keys into the data directory that the other in-container class shares and checks to
   * be absent.
   */
  @Deployment
  static WebArchive deployment() throws IOException {
    return Wars.withConfig("mp.jwt.verify.issuer=urn:ksp:artifact-service-it");
  }

  @Inject ArtifactGraphService graphs;
  @Inject UserTransaction tx;

  static GraphKey freshGraph() {
    return GraphKey.main("svc-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void severalWritesInOneCallerTransactionCommitTogetherAndAreVisibleInside_INV_AG_005()
      throws Exception {
    GraphKey g = freshGraph();
    tx.begin();
    graphs.upsertNode(g, "spec-001", NodeTypes.SPECIFICATION, Map.of("version", "v-1"));
    graphs.upsertNode(g, "spec-002", NodeTypes.SPECIFICATION, Map.of("version", "v-2"));
    graphs.upsertEdge(g, "spec-002", "spec-001", Relations.VERSION_OF);
    // The successor is active inside the transaction that wrote it.
    assertEquals("spec-002", graphs.activeSpecification(g, null).id());
    assertEquals(
        List.of("spec-002", "spec-001"),
        ids(graphs.walkLineageBackward(g, "spec-002", Relations.VERSION_OF)));
    tx.commit();

    GraphCensus census = graphs.census(g);
    assertEquals(2, census.nodes(NodeTypes.SPECIFICATION));
    assertEquals(1, census.edges(Relations.VERSION_OF));
    assertEquals("spec-002", graphs.activeSpecification(g, "any-role").id());
  }

  @Test
  void aRolledBackCallerTransactionLeavesNoNodeAndNoEdge() throws Exception {
    GraphKey g = freshGraph();
    tx.begin();
    graphs.appendNode(g, "exec-1", NodeTypes.EXECUTION, Map.of("domain", "factory"));
    graphs.appendNode(g, "trace-1", NodeTypes.EXECUTION_TRACE, Map.of());
    graphs.upsertEdge(g, "exec-1", "trace-1", Relations.PRODUCES);
    tx.rollback();

    assertEquals(0, graphs.census(g).nodeCount());
    assertEquals(0, graphs.census(g).edgeCount());
    assertThrows(NodeNotFoundException.class, () -> graphs.getNode(g, "exec-1"));
  }

  @Test
  void aRefusedCallLeavesTheCallersTransactionUsable() throws Exception {
    GraphKey g = freshGraph();
    tx.begin();
    try {
      graphs.appendNode(g, "a", "X", Map.of());
      assertThrows(NodeExistsException.class, () -> graphs.appendNode(g, "a", "X", Map.of()));
      UnknownNodeException unknown =
          assertThrows(UnknownNodeException.class, () -> graphs.upsertEdge(g, "a", "ghost", "r"));
      assertEquals(List.of("ghost"), unknown.missing());
      assertThrows(NoActiveSpecificationException.class, () -> graphs.activeSpecification(g, null));
      assertThrows(NodeNotFoundException.class, () -> graphs.getNode(g, "ghost"));
      assertEquals(Status.STATUS_ACTIVE, tx.getStatus());
      graphs.appendNode(g, "b", "X", Map.of());
      tx.commit();
    } finally {
      if (tx.getStatus() == Status.STATUS_ACTIVE
          || tx.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
        tx.rollback();
      }
    }
    assertEquals(2, graphs.census(g).nodes("X"));
  }

  @Test
  void appendIfAbsentIsIdempotentAndNeverOverwrites_INV_LC_003() {
    GraphKey g = freshGraph();
    Upserted<ArtifactNode> first =
        graphs.appendNodeIfAbsent(g, "exec-abc", NodeTypes.EXECUTION, Map.of("try", 1));
    Upserted<ArtifactNode> again =
        graphs.appendNodeIfAbsent(g, "exec-abc", NodeTypes.EXECUTION, Map.of("try", 2));
    assertTrue(first.created());
    assertFalse(again.created());
    assertEquals(new BigDecimal(1), graphs.getNode(g, "exec-abc").get("try"));
  }

  @Test
  void dataComesBackAsPlainJavaValuesNullMembersIncluded() {
    GraphKey g = freshGraph();
    Map<String, Object> data = new HashMap<>();
    data.put("artifact_graph_divergence_id", null);
    data.put("confidence", 0.5);
    data.put("source_refs", List.of("amend-1"));
    data.put("proposed_change", Map.of("trust_score", 0.4));
    graphs.upsertNode(g, "hyp-1", NodeTypes.HYPOTHESIS, data);

    ArtifactNode stored = graphs.getNode(g, "hyp-1");
    assertTrue(stored.data().containsKey("artifact_graph_divergence_id"));
    assertNull(stored.get("artifact_graph_divergence_id"));
    assertEquals(new BigDecimal("0.5"), stored.get("confidence"));
    assertEquals(List.of("amend-1"), stored.get("source_refs"));
    assertEquals(Map.of("trust_score", new BigDecimal("0.4")), stored.get("proposed_change"));
    assertEquals("factory", stored.ns());
  }

  @Test
  void collectLineageIdsOfTheMiddleVersionIsTheChainEvenWithACycle_scenario26() {
    GraphKey g = freshGraph();
    for (String v : List.of("spec-v1", "spec-v2", "spec-v3")) {
      graphs.upsertNode(g, v, NodeTypes.SPECIFICATION, Map.of());
    }
    graphs.upsertEdge(g, "spec-v2", "spec-v1", Relations.VERSION_OF);
    graphs.upsertEdge(g, "spec-v3", "spec-v2", Relations.VERSION_OF);

    assertEquals(
        Set.of("spec-v1", "spec-v2", "spec-v3"),
        graphs.collectLineageIds(g, "spec-v2", Relations.VERSION_OF));
    List<LineageEntry> backward =
        graphs.walkLineageBackward(g, "spec-v3", Relations.VERSION_OF, 1000);
    assertEquals(List.of("spec-v3", "spec-v2", "spec-v1"), ids(backward));
    assertEquals(2, backward.get(2).depth());
    assertEquals(
        List.of("spec-v1", "spec-v2", "spec-v3"),
        ids(graphs.walkLineageForward(g, "spec-v1", Relations.VERSION_OF)));

    graphs.upsertEdge(g, "spec-v1", "spec-v3", Relations.VERSION_OF);
    assertEquals(
        Set.of("spec-v1", "spec-v2", "spec-v3"),
        graphs.collectLineageIds(g, "spec-v2", Relations.VERSION_OF));
    assertEquals(
        Set.of("spec-v2", "spec-v1", "spec-v3"),
        graphs.collectLineageIds(g, "spec-v2", Relations.VERSION_OF, 1));
  }

  /**
   * The amendment verifier's path (core.md §4.5): amendment → proposes_modification_of → Spec ←
   * diverges_from traces → evidences divergences → concerns Claims.
   */
  @Test
  void boundedPathsFollowMixedDirectionsAndReturnFullMatchesNewestFirst() {
    GraphKey g = freshGraph();
    graphs.upsertNode(g, "spec-001", NodeTypes.SPECIFICATION, Map.of());
    graphs.upsertNode(g, "amend-1", NodeTypes.AMENDMENT, Map.of("status", "candidate"));
    graphs.upsertEdge(g, "amend-1", "spec-001", Relations.PROPOSES_MODIFICATION_OF);
    for (String n : List.of("1", "2", "3")) {
      graphs.upsertNode(g, "trace-" + n, NodeTypes.EXECUTION_TRACE, Map.of());
      graphs.upsertEdge(g, "trace-" + n, "spec-001", Relations.DIVERGES_FROM);
    }
    graphs.upsertNode(g, "div-1", NodeTypes.DIVERGENCE, Map.of());
    graphs.upsertNode(g, "div-3", NodeTypes.DIVERGENCE, Map.of());
    graphs.upsertEdge(g, "trace-1", "div-1", Relations.EVIDENCES);
    graphs.upsertEdge(g, "trace-3", "div-3", Relations.EVIDENCES);
    graphs.upsertNode(g, "claim-1", NodeTypes.CLAIM, Map.of());
    graphs.upsertNode(g, "claim-3", NodeTypes.CLAIM, Map.of());
    graphs.upsertEdge(g, "div-1", "claim-1", Relations.CONCERNS);
    graphs.upsertEdge(g, "div-3", "claim-3", Relations.CONCERNS);

    List<ArtifactPath> paths =
        graphs.walkBoundedPath(
            g,
            "amend-1",
            List.of(
                PathStep.out(Relations.PROPOSES_MODIFICATION_OF, NodeTypes.SPECIFICATION),
                PathStep.in(Relations.DIVERGES_FROM, NodeTypes.EXECUTION_TRACE),
                PathStep.out(Relations.EVIDENCES, NodeTypes.DIVERGENCE),
                PathStep.out(Relations.CONCERNS, NodeTypes.CLAIM)));

    List<List<String>> ids = new ArrayList<>();
    for (ArtifactPath p : paths) {
      ids.add(p.nodes().stream().map(ArtifactNode::id).toList());
      assertEquals(p.nodes().size() - 1, p.edges().size());
    }
    // trace-2 has no divergence: not a full match. claim-3 is newer than claim-1.
    assertEquals(
        List.of(
            List.of("amend-1", "spec-001", "trace-3", "div-3", "claim-3"),
            List.of("amend-1", "spec-001", "trace-1", "div-1", "claim-1")),
        ids);
    assertEquals("trace-3::diverges_from::spec-001", paths.get(0).edges().get(1).id());
    assertEquals(List.of(), graphs.walkBoundedPath(g, "amend-1", List.of()));
    assertEquals(
        List.of(),
        graphs.walkBoundedPath(
            g, "amend-1", List.of(PathStep.out(Relations.PROPOSES_MODIFICATION_OF, "WorkGraph"))));
  }

  @Test
  void edgesFromAndToListEveryEdgeOrOneRelation() {
    GraphKey g = freshGraph();
    graphs.upsertNode(g, "spec", NodeTypes.SPECIFICATION, Map.of());
    graphs.upsertNode(g, "exec", NodeTypes.EXECUTION, Map.of());
    graphs.upsertNode(g, "old", NodeTypes.SPECIFICATION, Map.of());
    graphs.upsertEdge(g, "spec", "exec", Relations.GOVERNS, Map.of("by", "a"));
    graphs.upsertEdge(g, "spec", "old", Relations.VERSION_OF);

    assertEquals(
        List.of("spec::governs::exec", "spec::version_of::old"),
        graphs.edgesFrom(g, "spec", null).stream().map(ArtifactEdge::id).toList());
    assertEquals(
        List.of("spec::governs::exec"),
        graphs.edgesFrom(g, "spec", Relations.GOVERNS).stream().map(ArtifactEdge::id).toList());
    assertEquals(Map.of("by", "a"), graphs.edgesTo(g, "exec", Relations.GOVERNS).get(0).props());
    assertEquals(List.of(), graphs.edgesTo(g, "spec", null));
  }

  @Test
  void hypothesesCanBeQueriedFromJava_scenario24() {
    GraphKey g = freshGraph();
    graphs.upsertNode(
        g,
        "H1",
        NodeTypes.HYPOTHESIS,
        Map.of(
            "status",
            "CANDIDATE",
            "severity",
            "advisory",
            "surfacedToLinear",
            false,
            "surfacedCycleCount",
            3));
    graphs.upsertNode(
        g,
        "H2",
        NodeTypes.HYPOTHESIS,
        Map.of(
            "status",
            "CANDIDATE",
            "severity",
            "blocking",
            "surfacedToLinear",
            true,
            "surfacedCycleCount",
            1));
    List<ArtifactNode> found =
        graphs.queryHypotheses(
            g, HypothesisFilter.fromQuery("CANDIDATE", "advisory", "false", "2"));
    assertEquals(List.of("H1"), found.stream().map(ArtifactNode::id).toList());
  }

  private static List<String> ids(List<LineageEntry> lineage) {
    return lineage.stream().map(e -> e.node().id()).toList();
  }
}
