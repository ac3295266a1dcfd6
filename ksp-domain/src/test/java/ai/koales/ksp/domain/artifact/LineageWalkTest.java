package ai.koales.ksp.domain.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Lineage walks of core.md §4.3 and scenario 26. */
class LineageWalkTest {

  /** spec-v3 → spec-v2 → spec-v1 along version_of (successor → predecessor). */
  static InMemoryGraph versions() {
    InMemoryGraph g = new InMemoryGraph();
    g.node("spec-v1", "Specification");
    g.node("spec-v2", "Specification");
    g.node("spec-v3", "Specification");
    g.edge("spec-v2", "version_of", "spec-v1");
    g.edge("spec-v3", "version_of", "spec-v2");
    return g;
  }

  static Adjacency backward(InMemoryGraph g) {
    return g.adjacency("version_of", EdgeDirection.OUT);
  }

  static Adjacency forward(InMemoryGraph g) {
    return g.adjacency("version_of", EdgeDirection.IN);
  }

  @Test
  void backwardWalkVisitsV3V2V1InDepthOrderEndingAtDepth2_scenario26() {
    List<LineageStep> walk = LineageWalk.walk("spec-v3", backward(versions()), 1000);
    assertThat(walk)
        .containsExactly(
            new LineageStep("spec-v3", 0),
            new LineageStep("spec-v2", 1),
            new LineageStep("spec-v1", 2));
  }

  @Test
  void forwardWalkFollowsEdgesFromTargetToSource() {
    List<LineageStep> walk = LineageWalk.walk("spec-v1", forward(versions()), 1000);
    assertThat(walk)
        .containsExactly(
            new LineageStep("spec-v1", 0),
            new LineageStep("spec-v2", 1),
            new LineageStep("spec-v3", 2));
  }

  @Test
  void collectLineageIdsOfTheMiddleVersionIsTheWholeChain_scenario26() {
    InMemoryGraph g = versions();
    List<LineageStep> both = LineageWalk.both("spec-v2", backward(g), forward(g), 1000);
    assertThat(LineageWalk.ids(both)).containsExactly("spec-v2", "spec-v1", "spec-v3");
    assertThat(both).contains(new LineageStep("spec-v1", 1), new LineageStep("spec-v3", 1));
  }

  @Test
  void anAddedCycleStillTerminatesAndVisitsEveryNodeOnce_scenario26() {
    InMemoryGraph g = versions();
    g.edge("spec-v1", "version_of", "spec-v3");
    assertThat(LineageWalk.walk("spec-v3", backward(g), 1000))
        .containsExactly(
            new LineageStep("spec-v3", 0),
            new LineageStep("spec-v2", 1),
            new LineageStep("spec-v1", 2));
    assertThat(LineageWalk.ids(LineageWalk.both("spec-v2", backward(g), forward(g), 1000)))
        .containsExactlyInAnyOrder("spec-v1", "spec-v2", "spec-v3");
  }

  @Test
  void aSelfLoopTerminates() {
    InMemoryGraph g = versions();
    g.edge("spec-v3", "version_of", "spec-v3");
    assertThat(LineageWalk.ids(LineageWalk.walk("spec-v3", backward(g), 1000)))
        .containsExactly("spec-v3", "spec-v2", "spec-v1");
  }

  @Test
  void maxDepthBoundsTheWalk() {
    InMemoryGraph g = chain(20);
    assertThat(LineageWalk.walk("n19", backward(g), 3))
        .extracting(LineageStep::nodeId)
        .containsExactly("n19", "n18", "n17", "n16");
    assertThat(LineageWalk.walk("n19", backward(g), 0)).containsExactly(new LineageStep("n19", 0));
  }

  @Test
  void collectLineageIdsIsDepthBoundedInBothDirections() {
    InMemoryGraph g = chain(20);
    assertThat(LineageWalk.ids(LineageWalk.both("n10", backward(g), forward(g), 2)))
        .containsExactly("n10", "n9", "n8", "n11", "n12");
  }

  @Test
  void collectLineageIdsLeavesOutSiblingBranches() {
    InMemoryGraph g = versions();
    g.node("spec-v3b", "Specification");
    g.edge("spec-v3b", "version_of", "spec-v2");
    assertThat(LineageWalk.ids(LineageWalk.both("spec-v3", backward(g), forward(g), 1000)))
        .containsExactly("spec-v3", "spec-v2", "spec-v1");
  }

  @Test
  void aNodeReachedTwiceIsReportedOnceAtItsShortestDepth() {
    InMemoryGraph g = new InMemoryGraph();
    for (String id : List.of("a", "b", "c", "d")) {
      g.node(id, "Specification");
    }
    g.edge("a", "version_of", "b");
    g.edge("b", "version_of", "c");
    g.edge("c", "version_of", "d");
    g.edge("a", "version_of", "d");
    assertThat(LineageWalk.walk("a", backward(g), 10))
        .containsExactly(
            new LineageStep("a", 0),
            new LineageStep("b", 1),
            new LineageStep("d", 1),
            new LineageStep("c", 2));
  }

  @Test
  void otherRelationsAreNotFollowed() {
    InMemoryGraph g = versions();
    g.node("exec-1", "Execution");
    g.edge("spec-v3", "governs", "exec-1");
    assertThat(LineageWalk.ids(LineageWalk.walk("spec-v3", backward(g), 10)))
        .doesNotContain("exec-1");
  }

  @Test
  void theStoreIsAskedOncePerLevelNotOncePerNode() {
    InMemoryGraph g = new InMemoryGraph();
    g.node("root", "Specification");
    for (int i = 0; i < 5; i++) {
      g.node("c" + i, "Specification");
      g.edge("c" + i, "version_of", "root");
      g.node("gc" + i, "Specification");
      g.edge("gc" + i, "version_of", "c" + i);
    }
    List<LineageStep> walk = LineageWalk.walk("root", forward(g), 10);
    assertThat(walk).hasSize(11);
    // Levels 1, 2 and the empty level 3: three queries for eleven nodes.
    assertThat(g.adjacencyCalls).isEqualTo(3);
  }

  @Test
  void aDepthBoundOutsideZeroTo1000IsRefused() {
    InMemoryGraph g = versions();
    assertThatThrownBy(() -> LineageWalk.walk("spec-v3", backward(g), -1))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> LineageWalk.walk("spec-v3", backward(g), 1001))
        .isInstanceOf(InvalidInputException.class);
  }

  /** Any graph, cycles included: every node once, at its breadth-first distance, within bound. */
  @Property(tries = 300)
  void walksReportEachReachableNodeOnceAtItsShortestDistance(
      @ForAll @Size(max = 60) List<@IntRange(max = 14) Integer> endpoints,
      @ForAll @IntRange(max = 14) int start,
      @ForAll @IntRange(max = 6) int maxDepth) {
    InMemoryGraph g = new InMemoryGraph();
    for (int i = 0; i < 15; i++) {
      g.node("n" + i, "Specification");
    }
    for (int i = 0; i + 1 < endpoints.size(); i += 2) {
      g.edge("n" + endpoints.get(i), "version_of", "n" + endpoints.get(i + 1));
    }
    Map<String, Integer> expected = distances(g, "n" + start, maxDepth);

    List<LineageStep> walk = LineageWalk.walk("n" + start, backward(g), maxDepth);

    Map<String, Integer> actual = new HashMap<>();
    int previousDepth = 0;
    for (LineageStep s : walk) {
      assertThat(actual.put(s.nodeId(), s.depth())).as("visited twice: " + s).isNull();
      assertThat(s.depth()).isGreaterThanOrEqualTo(previousDepth).isLessThanOrEqualTo(maxDepth);
      previousDepth = s.depth();
    }
    assertThat(actual).isEqualTo(expected);
  }

  /** Reference: shortest distances by a textbook BFS over the edge list. */
  private static Map<String, Integer> distances(InMemoryGraph g, String start, int maxDepth) {
    Map<String, Integer> dist = new HashMap<>();
    dist.put(start, 0);
    ArrayDeque<String> queue = new ArrayDeque<>(Set.of(start));
    while (!queue.isEmpty()) {
      String at = queue.poll();
      if (dist.get(at) == maxDepth) {
        continue;
      }
      for (ArtifactEdge e : g.edges) {
        if (e.source().equals(at) && !dist.containsKey(e.target())) {
          dist.put(e.target(), dist.get(at) + 1);
          queue.add(e.target());
        }
      }
    }
    return dist;
  }

  /** n0 ← n1 ← ... ← n(size-1) along version_of. */
  static InMemoryGraph chain(int size) {
    InMemoryGraph g = new InMemoryGraph();
    for (int i = 0; i < size; i++) {
      g.node("n" + i, "Specification");
      if (i > 0) {
        g.edge("n" + i, "version_of", "n" + (i - 1));
      }
    }
    return g;
  }
}
