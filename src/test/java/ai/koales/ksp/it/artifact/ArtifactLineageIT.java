package ai.koales.ksp.it.artifact;

import static ai.koales.ksp.it.artifact.ArtifactNodeIT.assertProblem;
import static ai.koales.ksp.it.artifact.ArtifactNodeIT.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import org.junit.jupiter.api.Test;

/** Lineage walks over REST (core.md §4.3, scenario 26). */
@SystemTest
class ArtifactLineageIT {

  /** spec-v3 → spec-v2 → spec-v1 along version_of. */
  static Graph versions(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("spec-v1", "Specification", "{\"version\":\"v-1\"}");
    g.node("spec-v2", "Specification", "{\"version\":\"v-2\"}");
    g.node("spec-v3", "Specification", "{\"version\":\"v-3\"}");
    g.edge("spec-v2", "version_of", "spec-v1");
    g.edge("spec-v3", "version_of", "spec-v2");
    return g;
  }

  @Test
  void theBackwardWalkFromV3IsV3V2V1EndingAtDepth2_scenario26(Ksp ksp) {
    Graph g = versions(ksp);
    HttpResult r = g.get("/nodes/spec-v3/lineage?rel=version_of&direction=backward");
    assertThat(Graph.lineageIds(r)).containsExactly("spec-v3", "spec-v2", "spec-v1");
    assertThat(Graph.depths(r)).containsExactly(0, 1, 2);
    assertThat(
            r.items()
                .getJsonObject(2)
                .getJsonObject("node")
                .getJsonObject("data")
                .getString("version"))
        .isEqualTo("v-1");
    assertThat(r.header("Server-Timing")).startsWith("walk;dur=");
  }

  @Test
  void backwardAlongVersionOfIsTheDefault(Ksp ksp) {
    Graph g = versions(ksp);
    assertThat(Graph.lineageIds(g.get("/nodes/spec-v3/lineage")))
        .containsExactly("spec-v3", "spec-v2", "spec-v1");
  }

  @Test
  void theForwardWalkFindsTheSuccessors(Ksp ksp) {
    Graph g = versions(ksp);
    HttpResult r = g.get("/nodes/spec-v1/lineage?direction=forward");
    assertThat(Graph.lineageIds(r)).containsExactly("spec-v1", "spec-v2", "spec-v3");
    assertThat(Graph.depths(r)).containsExactly(0, 1, 2);
  }

  @Test
  void bothDirectionsFromV2CollectTheWholeLineage_collectLineageIds_scenario26(Ksp ksp) {
    Graph g = versions(ksp);
    HttpResult r = g.get("/nodes/spec-v2/lineage?direction=both");
    assertThat(Graph.lineageIds(r)).containsExactlyInAnyOrder("spec-v1", "spec-v2", "spec-v3");
    assertThat(Graph.lineageIds(r)).first().isEqualTo("spec-v2");
  }

  @Test
  void anAddedCycleStillTerminatesEachNodeOnce_scenario26(Ksp ksp) {
    Graph g = versions(ksp);
    g.edge("spec-v1", "version_of", "spec-v3");
    assertThat(Graph.lineageIds(g.get("/nodes/spec-v3/lineage")))
        .containsExactly("spec-v3", "spec-v2", "spec-v1");
    assertThat(Graph.lineageIds(g.get("/nodes/spec-v1/lineage?direction=forward")))
        .containsExactly("spec-v1", "spec-v2", "spec-v3");
    assertThat(Graph.lineageIds(g.get("/nodes/spec-v2/lineage?direction=both")))
        .containsExactlyInAnyOrder("spec-v1", "spec-v2", "spec-v3");
  }

  @Test
  void maxDepthBoundsTheWalk(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    for (int i = 0; i < 12; i++) {
      g.node("v" + i, "Specification");
      if (i > 0) {
        g.edge("v" + i, "version_of", "v" + (i - 1));
      }
    }
    HttpResult r = g.get("/nodes/v11/lineage?maxDepth=4");
    assertThat(Graph.lineageIds(r)).containsExactly("v11", "v10", "v9", "v8", "v7");
    assertThat(Graph.depths(r)).containsExactly(0, 1, 2, 3, 4);
    assertThat(Graph.lineageIds(g.get("/nodes/v11/lineage?maxDepth=0"))).containsExactly("v11");
    assertThat(Graph.lineageIds(g.get("/nodes/v11/lineage"))).hasSize(12);
  }

  @Test
  void branchesAppearAtTheirDepthAndOtherRelationsAreNotFollowed(Ksp ksp) {
    Graph g = versions(ksp);
    g.node("spec-v3b", "Specification");
    g.node("exec-1", "Execution");
    g.edge("spec-v3b", "version_of", "spec-v2");
    g.edge("spec-v3", "governs", "exec-1");
    HttpResult forward = g.get("/nodes/spec-v1/lineage?direction=forward");
    assertThat(Graph.lineageIds(forward))
        .containsExactly("spec-v1", "spec-v2", "spec-v3", "spec-v3b");
    assertThat(Graph.depths(forward)).containsExactly(0, 1, 2, 2);
    assertThat(Graph.lineageIds(g.get("/nodes/spec-v3/lineage?rel=governs&direction=backward")))
        .containsExactly("spec-v3", "exec-1");
  }

  @Test
  void badWalkParametersAreRefused(Ksp ksp) {
    Graph g = versions(ksp);
    for (String query : new String[] {"maxDepth=-1", "maxDepth=1001", "maxDepth=deep"}) {
      HttpResult r = g.get("/nodes/spec-v3/lineage?" + query);
      assertProblem(r, 400, "invalid-request");
      assertThat(errorFields(r)).as(query).containsExactly("maxDepth");
    }
    HttpResult direction = g.get("/nodes/spec-v3/lineage?direction=up");
    assertProblem(direction, 400, "invalid-request");
    assertThat(errorFields(direction)).containsExactly("direction");
    HttpResult rel = g.get("/nodes/spec-v3/lineage?rel=" + Graph.q("not a rel"));
    assertProblem(rel, 400, "invalid-request");
    assertThat(errorFields(rel)).containsExactly("rel");
    assertProblem(g.get("/nodes/ghost/lineage"), 404, "node-not-found");
  }
}
