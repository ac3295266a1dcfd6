package ai.koales.ksp.domain.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArtifactNodeTest {

  static final Instant T0 = Instant.ofEpochMilli(1_781_049_600_000L);
  static final Instant T1 = T0.plusSeconds(5);

  @Test
  void anUpsertReplacesDataAndUpdatedOnly() {
    ArtifactNode n =
        ArtifactNode.create(
            "hyp-1", "Hypothesis", Map.of("surfacedCycleCount", 1), "factory", 7, T0);
    ArtifactNode u = n.replaceData("Hypothesis", Map.of("surfacedCycleCount", 2), T1);
    assertThat(u.data()).isEqualTo(Map.of("surfacedCycleCount", 2));
    assertThat(u.updated()).isEqualTo(T1);
    assertThat(u.created()).isEqualTo(T0);
    assertThat(u.seq()).isEqualTo(7);
    assertThat(u.ns()).isEqualTo("factory");
  }

  @Test
  void anUpsertCannotChangeTheType() {
    ArtifactNode n = ArtifactNode.create("hyp-1", "Hypothesis", Map.of(), "factory", 1, T0);
    assertThatThrownBy(() -> n.replaceData("Amendment", Map.of(), T1))
        .isInstanceOf(NodeTypeConflictException.class)
        .hasMessageContaining("Hypothesis")
        .hasMessageContaining("Amendment");
  }

  @Test
  void dataKeepsNullMembersAndCannotBeChangedFromOutside() {
    Map<String, Object> data = new HashMap<>();
    data.put("artifact_graph_divergence_id", null);
    ArtifactNode n = ArtifactNode.create("o-1", "Outcome", data, "factory", 1, T0);
    data.put("later", "x");
    assertThat(n.data()).containsEntry("artifact_graph_divergence_id", null).hasSize(1);
    assertThatThrownBy(() -> n.data().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void idsFollowThePathIdRuleAndTypesArePrintable() {
    assertThatThrownBy(() -> ArtifactNode.create("a/b", "X", Map.of(), "factory", 1, T0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("id");
    assertThatThrownBy(() -> ArtifactNode.create("a", " ", Map.of(), "factory", 1, T0))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ArtifactNode.create("a", "X\nY", Map.of(), "factory", 1, T0))
        .isInstanceOf(InvalidInputException.class);
    assertThat(
            ArtifactNode.create(
                    "REJ-BRIDGE-esc-1-1781049600000", "Rejection Record", null, "factory", 1, T0)
                .data())
        .isEmpty();
  }

  @Test
  void anEdgeIdIsSourceRelTarget() {
    ArtifactEdge e = ArtifactEdge.create("s", "t", "governs", Map.of("by", "a"), 1, T0);
    assertThat(e.id()).isEqualTo("s::governs::t");
    assertThat(e.replaceProps(Map.of("by", "b")).props()).isEqualTo(Map.of("by", "b"));
    assertThat(e.replaceProps(Map.of("by", "b")).created()).isEqualTo(T0);
    assertThatThrownBy(() -> ArtifactEdge.create("s", "t", "has space", Map.of(), 1, T0))
        .isInstanceOf(InvalidInputException.class);
  }
}
