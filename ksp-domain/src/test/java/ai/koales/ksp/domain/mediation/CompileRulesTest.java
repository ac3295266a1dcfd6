package ai.koales.ksp.domain.mediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Mediation's pure rules: request validation, the coherence probe, directives (coordination.md
 * §4.4).
 */
class CompileRulesTest {

  static final GearSpec CODER =
      new GearSpec(
          "GEAR-coder-1",
          "Coder",
          "coder",
          "model-x",
          "medium",
          "code@1",
          List.of("read_file", "write_file"));

  static WorkGraphAtom atom(String id, List<String> invariants, String... dependsOn) {
    return new WorkGraphAtom(
        id,
        id,
        CODER.id(),
        "node-" + id,
        List.of(),
        invariants,
        List.of(dependsOn),
        "ref-" + id,
        "do " + id);
  }

  static CommissionRequest request(String runId) {
    return CommissionRequest.of(
        runId, "org-acme", "IS-1", "v1", "ELC-1", List.of("A1", "A2"), "DE-1", null);
  }

  @Test
  void scenario27_aRunIdWithoutTheRunPrefixIsMalformed() {
    assertThatThrownBy(() -> request("abc"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid-request");
              assertThat(e.violations()).extracting(v -> v.field()).containsExactly("runId");
            });
    assertThat(request("RUN-5f").stalenessThresholdHours()).isEqualTo(24.0);
    assertThatThrownBy(
            () -> CommissionRequest.of("RUN-1", "org", "IS-1", "v1", "ELC-1", null, "DE-1", -1.0))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.field())
                    .containsExactlyInAnyOrder("d1ArtifactRefs", "stalenessThresholdHours"));
  }

  @Test
  void runIdsAreDerived_Q1() {
    assertThat(RunIds.of("org-acme", "IS-1", "DE-1"))
        .isEqualTo(RunIds.of("org-acme", "IS-1", "DE-1"))
        .startsWith("RUN-")
        .hasSize(4 + 64);
    assertThat(RunIds.of("org-acme", "IS-1", "DE-2"))
        .isNotEqualTo(RunIds.of("org-acme", "IS-1", "DE-1"));
  }

  @Test
  void scenario24_aCycleIsNamed() {
    List<WorkGraphAtom> atoms =
        List.of(atom("A1", List.of("INV-1"), "A2"), atom("A2", List.of("INV-1"), "A1"));
    assertThatThrownBy(() -> CoherenceProbe.check(atoms, Map.of(CODER.id(), CODER), Set.of()))
        .isInstanceOfSatisfying(
            CompileFailureException.class,
            e -> {
              assertThat(e.code()).isEqualTo("coherence-failure");
              assertThat(e.getMessage())
                  .startsWith("circular dependsOn: ")
                  .contains("A1")
                  .contains("A2");
              assertThat(e.getMessage()).matches("circular dependsOn: (A1 → A2 → A1|A2 → A1 → A2)");
            });
  }

  @Test
  void aLongerCycleBehindAnAcyclicPrefixIsNamedExactly() {
    List<WorkGraphAtom> atoms =
        List.of(
            atom("A0", List.of("INV-1")),
            atom("A1", List.of("INV-1"), "A0", "A3"),
            atom("A2", List.of("INV-1"), "A1"),
            atom("A3", List.of("INV-1"), "A2"));
    assertThatThrownBy(() -> CoherenceProbe.check(atoms, Map.of(CODER.id(), CODER), Set.of()))
        .hasMessageContaining("A1 → A3 → A2 → A1");
  }

  @Test
  void scenario26_anAtomWithoutAnInvariantBindingFails() {
    assertThatThrownBy(
            () ->
                CoherenceProbe.check(
                    List.of(atom("A1", List.of("INV-1")), atom("A2", List.of())),
                    Map.of(CODER.id(), CODER),
                    Set.of()))
        .hasMessage("atom A2 has no INV-* binding");
  }

  @Test
  void toolsWithoutSchemasAndUnknownInvariantsFail_P18() {
    GearSpec shell =
        new GearSpec(
            "GEAR-shell", "Shell", "coder", "m", "low", "sh@1", List.of("read_file", "shell"));
    WorkGraphAtom a =
        new WorkGraphAtom(
            "A1", "A1", "GEAR-shell", "n", List.of(), List.of("INV-1"), List.of(), "r", "x");
    assertThatThrownBy(
            () -> CoherenceProbe.check(List.of(a), Map.of("GEAR-shell", shell), Set.of()))
        .hasMessageContaining("tool shell");
    assertThatThrownBy(
            () ->
                CoherenceProbe.check(
                    List.of(atom("A1", List.of("INV-9"))),
                    Map.of(CODER.id(), CODER),
                    Set.of("INV-1")))
        .hasMessageContaining("INV-9");
    CoherenceProbe.check(
        List.of(atom("A1", List.of("INV-9"))), Map.of(CODER.id(), CODER), Set.of());
  }

  @Test
  void aV2DirectiveCarriesTheGearsModelRoleToolsAndTheAtomsInstruction() {
    Map<String, Object> d =
        DirectiveCompiler.compile(request("RUN-5f"), atom("A1", List.of("INV-1")), CODER);
    assertThat(d)
        .containsEntry("atomId", "A1")
        .containsEntry("runId", "RUN-5f")
        .containsEntry("model", "model-x")
        .containsEntry("role", "coder")
        .containsEntry("gearId", "GEAR-coder-1")
        .containsEntry("policyBeadId", "BEAD-A1")
        .containsEntry("eluciationArtifactId", "ELC-1")
        .containsEntry("thinkingLevel", "low")
        .containsEntry("specFiles", List.of());
    assertThat((String) d.get("instructions"))
        .isEqualTo("Execute atom A1 using gear Coder (code@1).\ndo A1");
    assertThat(d.get("toolPolicy"))
        .isEqualTo(Map.of("permittedTools", List.of("read_file", "write_file")));
    assertThat((List<?>) d.get("toolSchemas")).hasSize(2);
    assertThat(DirectiveCompiler.thinking("max")).isEqualTo("high");
    assertThat(DirectiveCompiler.thinking("none")).isEqualTo("none");
  }
}
