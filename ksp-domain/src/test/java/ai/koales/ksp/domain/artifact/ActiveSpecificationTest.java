package ai.koales.ksp.domain.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The active-specification rule of core.md §6 item 9 (FIX). */
class ActiveSpecificationTest {

  @Test
  void theNewestHeadIsActive() {
    InMemoryGraph g = new InMemoryGraph();
    ArtifactNode older = g.node("spec-1", "Specification");
    ArtifactNode newer = g.node("wg-1", "WorkGraph");
    assertThat(ActiveSpecification.select(List.of(newer, older), null)).contains(newer);
  }

  @Test
  void noHeadMeansNoActiveSpecification() {
    assertThat(ActiveSpecification.select(List.of(), "factory")).isEmpty();
  }

  @Test
  void aCandidateScopedToAnotherDomainIsSkipped() {
    InMemoryGraph g = new InMemoryGraph();
    ArtifactNode general = g.node("spec-general", "Specification");
    ArtifactNode billing = g.node("spec-billing", "Specification", Map.of("domain", "billing"));
    List<ArtifactNode> heads = List.of(billing, general);
    assertThat(ActiveSpecification.select(heads, "billing")).contains(billing);
    assertThat(ActiveSpecification.select(heads, "shipping")).contains(general);
    assertThat(ActiveSpecification.select(heads, null)).contains(billing);
  }

  @Test
  void otherTypesAreNeverActive() {
    InMemoryGraph g = new InMemoryGraph();
    assertThat(ActiveSpecification.select(List.of(g.node("x", "Execution")), null)).isEmpty();
  }
}
