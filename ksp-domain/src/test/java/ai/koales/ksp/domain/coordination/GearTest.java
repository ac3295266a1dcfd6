package ai.koales.ksp.domain.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gear and formula vocabulary (coordination.md §1.3). */
class GearTest {

  @Test
  void aValidGearGetsItsDefaults() {
    Gear g = Directives.coderGear();
    Map<String, Object> m = g.toMap();
    assertThat(m).containsEntry("id", "GEAR-coder-1").containsEntry("role", "coder");
    @SuppressWarnings("unchecked")
    Map<String, Object> binding = (Map<String, Object>) m.get("modelBinding");
    assertThat(binding).containsEntry("thinkingLevel", "none").containsEntry("temperature", 0.0);
    assertThat(m.get("source_refs")).isEqualTo(List.of());
    assertThat(g.toolPolicy().permitted()).containsExactly("read_file");
  }

  @Test
  void everyGearRuleIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                Gear.parse(
                    "coder",
                    Map.of(
                        "id", "GEAR-other",
                        "name", "",
                        "role", "boss",
                        "modelBinding",
                            Map.of(
                                "role", "coder",
                                "modelId", "m",
                                "thinkingLevel", "extreme",
                                "temperature", 3,
                                "thinkingBudget", Map.of("maxTokens", 0, "reservedPrefill", -1)),
                        "toolPolicy", Map.of("allowed", "read_file"))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e -> {
              InvalidInputException ie = (InvalidInputException) e;
              assertThat(ie.code()).isEqualTo("invalid-gear");
              assertThat(ie.violations())
                  .extracting(FieldViolation::field)
                  .contains(
                      "gearId",
                      "id",
                      "name",
                      "role",
                      "modelBinding.thinkingLevel",
                      "modelBinding.temperature",
                      "modelBinding.thinkingBudget.maxTokens",
                      "modelBinding.thinkingBudget.reservedPrefill",
                      "skillRef",
                      "toolPolicy.allowed",
                      "beadType");
            });
  }

  @Test
  void aDeniedToolIsNotPermittedEvenIfAllowed() {
    Gear.ToolPolicy p = new Gear.ToolPolicy(List.of("a", "b"), List.of("b"));
    assertThat(p.permitted()).containsExactly("a");
  }

  @Test
  void theDefaultGearIsACoderThatReadsAndWrites() {
    assertThat(Gear.DEFAULT.id()).isEqualTo("GEAR-default");
    assertThat(Gear.DEFAULT.role()).isEqualTo(RoleName.CODER);
    assertThat(Gear.DEFAULT.toolPolicy().permitted()).containsExactly("read_file", "write_file");
  }

  @Test
  void aFormulaNamesItsGearsAndEdgesBetweenThem() {
    GearFormula f =
        GearFormula.parse(
            "FORMULA-1",
            Map.of(
                "name", "build",
                "gearIds", List.of("GEAR-a", "GEAR-b"),
                "edges", List.of(Map.of("from", "GEAR-a", "to", "GEAR-b", "type", "feeds"))));
    assertThat(f.toMap()).containsEntry("gearIds", List.of("GEAR-a", "GEAR-b"));
    assertThatThrownBy(
            () ->
                GearFormula.parse(
                    "FORMULA-1",
                    Map.of(
                        "name", "build",
                        "gearIds", List.of("GEAR-a"),
                        "edges", List.of(Map.of("from", "GEAR-a", "to", "GEAR-z", "type", "x")))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("edges[0].to");
  }
}
