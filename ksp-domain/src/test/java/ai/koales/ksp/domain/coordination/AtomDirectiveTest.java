package ai.koales.ksp.domain.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.domain.shared.FieldViolation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Directive v1/v2 validation (coordination.md §1.5, scenarios 17 and 22). */
class AtomDirectiveTest {

  static final String RUN = "RUN-1";

  static AtomDirective.Check check(Object payload, String atomId) {
    return AtomDirective.check(payload, InMemoryCoordination.JSON, RUN, atomId);
  }

  static List<String> paths(AtomDirective.Check c) {
    return c.issues().stream().map(FieldViolation::field).toList();
  }

  @Test
  void aCompleteV1DirectiveIsValidWithItsFallbacks() {
    AtomDirective.Check c = check(Directives.v1(RUN, "A1", "do it"), "A1");
    assertThat(c.valid()).isTrue();
    AtomDirective d = c.directive();
    assertThat(d.version()).isEqualTo(1);
    assertThat(d.instructions()).isEqualTo("do it");
    assertThat(d.permittedTools()).containsExactly("read_file");
    assertThat(d.role()).map(RoleName::wireName).contains("coder");
    assertThat(d.timeoutMs()).contains(60_000L);
    assertThat(d.skillRef()).contains("code@1");
  }

  @Test
  void aCompleteV2DirectiveIsValidAndReadsToolsFromItsPolicy() {
    AtomDirective.Check c = check(Directives.v2(RUN, "WG-IS-1-ATOM-3", "go"), "WG-IS-1-ATOM-3");
    assertThat(c.issues()).isEmpty();
    AtomDirective d = c.directive();
    assertThat(d.version()).isEqualTo(2);
    assertThat(d.permittedTools()).containsExactly("read_file", "write_file");
    assertThat(d.successCondition()).isInstanceOf(SuccessCondition.Always.class);
    assertThat(d.model()).contains("test-model");
  }

  @Test
  void aV2DirectiveWithoutInstructionsNamesThePath_scenario22() {
    Map<String, Object> v2 =
        Directives.with(Directives.v2(RUN, "WG-IS-1-ATOM-1", "x"), "instructions", null);
    AtomDirective.Check c = check(v2, "WG-IS-1-ATOM-1");
    assertThat(c.valid()).isFalse();
    assertThat(paths(c)).containsExactly("instructions");
    assertThat(c.quarantineResult())
        .isEqualTo(
            Map.of(
                "error",
                "invalid-directive",
                "issues",
                List.of(Map.of("path", "instructions", "message", "is required"))));
  }

  @Test
  void aPayloadThatIsNotJsonReportsTheParseError_scenario17() {
    AtomDirective.Check c = check("{not json", "A5");
    assertThat(c.valid()).isFalse();
    assertThat(c.issues().get(0).field()).isEqualTo("(payload)");
    assertThat(c.issues().get(0).message()).startsWith("not JSON: ");
  }

  @Test
  void aDirectiveGivenAsJsonTextIsParsed() {
    String text =
        "{\"directiveId\":\"D\",\"atomId\":\"A1\",\"atomRef\":\"a@1\",\"instruction\":\"i\","
            + "\"runId\":\"RUN-1\",\"repoId\":\"r\",\"workGraphVersion\":\"v1\",\"skillRef\":\"s\","
            + "\"role\":\"tester\",\"timeoutMs\":1000,\"retryPolicy\":{\"maxAttempts\":1,"
            + "\"backoffMs\":0,\"isolatedRetry\":false},\"successCondition\":{\"type\":\"exit-code\"},"
            + "\"permittedTools\":[],\"sandboxConfig\":{\"persistFilesystem\":true},\"envVars\":{}}";
    AtomDirective.Check c = check(text, "A1");
    assertThat(c.issues()).isEmpty();
    assertThat(c.directive().successCondition()).isInstanceOf(SuccessCondition.ExitCode.class);
  }

  @Test
  void everyV1RuleIsChecked() {
    Map<String, Object> bad =
        Map.of(
            "directiveId", "",
            "atomId", "A1",
            "atomRef", "no-version",
            "instruction", "i",
            "runId", "RUN-other",
            "role", "boss",
            "timeoutMs", 999,
            "retryPolicy", Map.of("maxAttempts", 0, "backoffMs", 0, "isolatedRetry", true),
            "successCondition", Map.of("type", "output-matches", "pattern", "("),
            "permittedTools", List.of("ok", 3));
    AtomDirective.Check c = check(bad, "A1");
    assertThat(paths(c))
        .contains(
            "directiveId",
            "atomRef",
            "runId",
            "role",
            "timeoutMs",
            "retryPolicy.maxAttempts",
            "successCondition.pattern",
            "permittedTools[1]",
            "repoId",
            "workGraphVersion",
            "skillRef",
            "sandboxConfig",
            "envVars");
  }

  @Test
  void theAtomIdMustBeTheBeadsAndV2IdsFollowTheirPattern() {
    assertThat(paths(check(Directives.v1(RUN, "A1", "x"), "A2"))).containsExactly("atomId");
    assertThat(paths(check(Directives.v2(RUN, "A1", "x"), "A1"))).containsExactly("atomId");
  }

  @Test
  void aNonObjectPayloadIsInvalid() {
    assertThat(check(List.of(1), "A1").valid()).isFalse();
    assertThat(check(null, "A1").valid()).isFalse();
  }
}
