package ai.koales.ksp.domain.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hypothesis query of core.md §5 and scenario 24. */
class HypothesisFilterTest {

  static final InMemoryGraph G = new InMemoryGraph();
  static final ArtifactNode H1 = hypothesis("H1", "CANDIDATE", "advisory", false, 3);
  static final ArtifactNode H2 = hypothesis("H2", "CANDIDATE", "blocking", true, 1);
  static final ArtifactNode H3 = hypothesis("H3", "ACCEPTED", "advisory", false, 5);
  static final List<ArtifactNode> ALL = List.of(H1, H2, H3);

  static ArtifactNode hypothesis(
      String id, String status, String severity, boolean surfaced, int count) {
    return G.node(
        id,
        "Hypothesis",
        Map.of(
            "status", status,
            "severity", severity,
            "surfacedToLinear", surfaced,
            "surfacedCycleCount", new BigDecimal(count)));
  }

  static List<String> select(HypothesisFilter f) {
    return ALL.stream().filter(f::matches).map(ArtifactNode::id).toList();
  }

  @Test
  void allFourFiltersCombineWithAnd_scenario24() {
    assertThat(select(HypothesisFilter.fromQuery("CANDIDATE", "advisory", "false", "2")))
        .containsExactly("H1");
  }

  @Test
  void anUnparsableCountBoundIsIgnored_scenario24() {
    assertThat(HypothesisFilter.fromQuery("CANDIDATE", "advisory", "false", "abc"))
        .isEqualTo(new HypothesisFilter("CANDIDATE", "advisory", false, null));
    assertThat(select(HypothesisFilter.fromQuery(null, null, "false", "abc")))
        .containsExactly("H1", "H3");
    assertThat(select(HypothesisFilter.fromQuery(null, null, "false", "4"))).containsExactly("H3");
  }

  @Test
  void minSurfacedCycleCountIsAnAliasOfTheBound_item15() {
    assertThat(select(HypothesisFilter.fromQuery(null, null, null, null, "4")))
        .containsExactly("H3");
    assertThat(select(HypothesisFilter.fromQuery("CANDIDATE", "advisory", "false", null, "2")))
        .containsExactly("H1");
    assertThat(HypothesisFilter.fromQuery(null, null, null, "1", "4").surfacedCycleCountAtLeast())
        .as("surfacedCycleCount_gte wins when both are integers")
        .isEqualTo(1);
    assertThat(HypothesisFilter.fromQuery(null, null, null, "abc", "4").surfacedCycleCountAtLeast())
        .isEqualTo(4);
    assertThat(HypothesisFilter.fromQuery(null, null, null, null, "x").surfacedCycleCountAtLeast())
        .isNull();
  }

  @Test
  void surfacedIsTrueOnlyForTheLiteralTrue() {
    assertThat(select(HypothesisFilter.fromQuery(null, null, "true", null))).containsExactly("H2");
    assertThat(select(HypothesisFilter.fromQuery(null, null, "TRUE", null)))
        .containsExactly("H1", "H3");
    assertThat(select(HypothesisFilter.fromQuery(null, null, "1", null)))
        .containsExactly("H1", "H3");
  }

  @Test
  void absentOrBlankFiltersMatchEverything() {
    assertThat(select(HypothesisFilter.fromQuery(null, null, null, null)))
        .containsExactly("H1", "H2", "H3");
    assertThat(select(HypothesisFilter.fromQuery("", " ", null, null)))
        .containsExactly("H1", "H2", "H3");
  }

  @Test
  void aHypothesisWithoutGovernanceFieldsIsUnsurfacedWithZeroCycles() {
    ArtifactNode bare = G.node("H0", "Hypothesis", Map.of("status", "CANDIDATE"));
    assertThat(HypothesisFilter.fromQuery(null, null, "false", "0").matches(bare)).isTrue();
    assertThat(HypothesisFilter.fromQuery(null, null, "true", null).matches(bare)).isFalse();
    assertThat(HypothesisFilter.fromQuery(null, null, null, "1").matches(bare)).isFalse();
  }

  @Test
  void otherNodeTypesNeverMatch() {
    ArtifactNode divergence = G.node("D1", "Divergence", Map.of("status", "CANDIDATE"));
    assertThat(HypothesisFilter.ANY.matches(divergence)).isFalse();
  }
}
