package ai.koales.ksp.domain.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code walkBoundedPath} of core.md §4.3. */
class BoundedPathWalkTest {

  /**
   * spec → governs → exec-1 → produces → trace-1, exec-2 (no trace), exec-3 → produces → trace-3
   * (newer) and → produces → note-3 (a node of another type).
   */
  static InMemoryGraph loop() {
    InMemoryGraph g = new InMemoryGraph();
    g.node("spec", "Specification");
    g.node("exec-1", "Execution");
    g.node("exec-2", "Execution");
    g.node("exec-3", "Execution");
    g.node("trace-1", "ExecutionTrace");
    g.node("trace-3", "ExecutionTrace");
    g.node("note-3", "Note");
    g.edge("spec", "governs", "exec-1");
    g.edge("spec", "governs", "exec-2");
    g.edge("spec", "governs", "exec-3");
    g.edge("exec-1", "produces", "trace-1");
    g.edge("exec-3", "produces", "trace-3");
    g.edge("exec-3", "produces", "note-3");
    return g;
  }

  static List<String> ids(ArtifactPath p) {
    return p.nodes().stream().map(ArtifactNode::id).toList();
  }

  @Test
  void onlyFullMatchesAreReturnedNewestLastNodeFirst() {
    InMemoryGraph g = loop();
    List<ArtifactPath> paths =
        BoundedPathWalk.walk(
            g.nodes.get("spec"),
            List.of(PathStep.out("governs"), PathStep.out("produces", "ExecutionTrace")),
            g.hops());
    assertThat(paths)
        .extracting(BoundedPathWalkTest::ids)
        .containsExactly(
            List.of("spec", "exec-3", "trace-3"), List.of("spec", "exec-1", "trace-1"));
  }

  @Test
  void aPathOfNStepsHasNPlusOneNodesAndNEdgesThatJoinThem() {
    InMemoryGraph g = loop();
    ArtifactPath path =
        BoundedPathWalk.walk(
                g.nodes.get("spec"),
                List.of(PathStep.out("governs"), PathStep.out("produces", "ExecutionTrace")),
                g.hops())
            .get(0);
    assertThat(path.nodes()).hasSize(3);
    assertThat(path.edges())
        .extracting(ArtifactEdge::id)
        .containsExactly("spec::governs::exec-3", "exec-3::produces::trace-3");
  }

  @Test
  void withoutATargetTypeAnyNodeMatches() {
    InMemoryGraph g = loop();
    assertThat(
            BoundedPathWalk.walk(
                g.nodes.get("exec-3"), List.of(PathStep.out("produces")), g.hops()))
        .extracting(p -> p.last().id())
        .containsExactly("note-3", "trace-3");
  }

  @Test
  void noStepsMatchNothing() {
    InMemoryGraph g = loop();
    assertThat(BoundedPathWalk.walk(g.nodes.get("spec"), List.of(), g.hops())).isEmpty();
  }

  @Test
  void aStepWithoutMatchesEndsTheWalkEmpty() {
    InMemoryGraph g = loop();
    assertThat(
            BoundedPathWalk.walk(
                g.nodes.get("spec"),
                List.of(PathStep.out("governs"), PathStep.out("evidences")),
                g.hops()))
        .isEmpty();
  }

  @Test
  void anIncomingStepWalksFromTargetToSource() {
    InMemoryGraph g = loop();
    assertThat(
            BoundedPathWalk.walk(
                g.nodes.get("trace-1"),
                List.of(PathStep.in("produces"), PathStep.in("governs", "Specification")),
                g.hops()))
        .extracting(BoundedPathWalkTest::ids)
        .containsExactly(List.of("trace-1", "exec-1", "spec"));
  }

  @Test
  void sameMillisecondEndsAreOrderedByWriteOrder() {
    InMemoryGraph g = new InMemoryGraph();
    g.node("a", "Amendment");
    g.node("v1", "Verdict");
    g.sameMillisecondNode("v2", "Verdict");
    g.edge("a", "produces_verdict", "v1");
    g.edge("a", "produces_verdict", "v2");
    assertThat(
            BoundedPathWalk.walk(
                g.nodes.get("a"), List.of(PathStep.out("produces_verdict")), g.hops()))
        .extracting(p -> p.last().id())
        .containsExactly("v2", "v1");
  }

  @Test
  void cyclesAreBoundedByTheNumberOfSteps() {
    InMemoryGraph g = new InMemoryGraph();
    g.node("a", "X");
    g.edge("a", "loops", "a");
    List<ArtifactPath> paths =
        BoundedPathWalk.walk(
            g.nodes.get("a"),
            List.of(PathStep.out("loops"), PathStep.out("loops"), PathStep.out("loops")),
            g.hops());
    assertThat(paths)
        .singleElement()
        .extracting(BoundedPathWalkTest::ids)
        .isEqualTo(List.of("a", "a", "a", "a"));
  }

  @Test
  void aPatternThatExplodesIsRefusedInsteadOfExhaustingMemory() {
    InMemoryGraph g = new InMemoryGraph();
    g.node("hub", "X");
    for (int i = 0; i < 120; i++) {
      g.node("s" + i, "X");
      g.edge("hub", "r", "s" + i);
      g.edge("s" + i, "r", "hub");
    }
    // hub → 120 → hub (120 paths) → 120 each = 14,400 partial paths.
    assertThatThrownBy(
            () ->
                BoundedPathWalk.walk(
                    g.nodes.get("hub"),
                    List.of(PathStep.out("r"), PathStep.out("r"), PathStep.out("r")),
                    g.hops()))
        .isInstanceOf(PathTooBroadException.class)
        .hasMessageContaining("Step 3");
  }
}
