package ai.koales.ksp.it.artifact;

import static ai.koales.ksp.it.artifact.ArtifactNodeIT.assertProblem;
import static ai.koales.ksp.it.artifact.ArtifactNodeIT.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
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

  /**
   * A 60-node graph with a long chain, random extra edges and cycles, walked from several starts,
   * both ways, to depths either side of the server's read-ahead window: every answer equals a
   * textbook breadth-first walk over the same edges, order and depths included.
   */
  @Test
  void walksMatchAReferenceBreadthFirstWalkOnACyclicGraph(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    int size = 60;
    for (int i = 0; i < size; i++) {
      g.append("{\"id\":\"n" + i + "\",\"nodeType\":\"Specification\"}");
    }
    List<String[]> edges = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < size; i++) {
      edges.add(new String[] {"n" + i, "n" + (i - 1)});
    }
    Random random = new Random(7);
    while (edges.size() < size - 1 + 60) {
      String[] e = {"n" + random.nextInt(size), "n" + random.nextInt(size)};
      if (seen.add(e[0] + ">" + e[1])
          && !e[0].equals("n" + (Integer.parseInt(e[1].substring(1)) + 1))) {
        edges.add(e);
      }
    }
    for (String[] e : edges) {
      g.edge(e[0], "version_of", e[1]);
    }
    for (String start : List.of("n59", "n31", "n3")) {
      for (String direction : List.of("backward", "forward")) {
        for (int depth : new int[] {1, 15, 16, 17, 33, 1000}) {
          HttpResult r =
              g.get("/nodes/" + start + "/lineage?direction=" + direction + "&maxDepth=" + depth);
          List<String> actual = new ArrayList<>();
          for (int i = 0; i < r.items().size(); i++) {
            actual.add(Graph.lineageIds(r).get(i) + "@" + Graph.depths(r).get(i));
          }
          assertThat(actual)
              .as(start + " " + direction + " " + depth)
              .isEqualTo(reference(edges, start, direction.equals("backward"), depth));
        }
      }
    }
  }

  /** Breadth-first, each node once at its first depth, neighbours in edge write order. */
  static List<String> reference(List<String[]> edges, String start, boolean out, int maxDepth) {
    List<String> walk = new ArrayList<>(List.of(start + "@0"));
    Set<String> visited = new HashSet<>(Set.of(start));
    List<String> frontier = List.of(start);
    for (int depth = 1; depth <= maxDepth && !frontier.isEmpty(); depth++) {
      List<String> next = new ArrayList<>();
      for (String at : frontier) {
        for (String[] e : edges) {
          String near = out ? e[0] : e[1];
          String far = out ? e[1] : e[0];
          if (near.equals(at) && visited.add(far)) {
            walk.add(far + "@" + depth);
            next.add(far);
          }
        }
      }
      frontier = next;
    }
    return walk;
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
