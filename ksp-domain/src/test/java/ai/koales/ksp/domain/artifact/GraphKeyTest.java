package ai.koales.ksp.domain.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

class GraphKeyTest {

  @Test
  void theKeyIsOrgColonGraphAndParsesBackAtTheFirstColon() {
    GraphKey k = GraphKey.of("org-1", "artifact-graph:repo-9");
    assertThat(k.value()).isEqualTo("org-1:artifact-graph:repo-9");
    assertThat(GraphKey.parse(k.value())).isEqualTo(k);
    assertThat(GraphKey.main("org-1").value()).isEqualTo("org-1:main");
  }

  @Test
  void orgIdsNeverContainAColon() {
    assertThatThrownBy(() -> GraphKey.of("a:b", "main")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> GraphKey.parse("nocolon")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> GraphKey.parse("org:")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theKeyFitsThePartitionLockColumn() {
    String org = "o".repeat(200);
    assertThat(GraphKey.of(org, "g".repeat(199)).value()).hasSize(400);
    assertThatThrownBy(() -> GraphKey.of(org, "g".repeat(200)))
        .isInstanceOf(InvalidInputException.class);
  }
}
