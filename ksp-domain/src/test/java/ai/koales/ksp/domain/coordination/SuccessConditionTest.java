package ai.koales.ksp.domain.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.domain.shared.FieldViolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Success conditions (coordination.md §1.5, §4.2 step 4, scenario 20). */
class SuccessConditionTest {

  @TempDir Path ws;

  static SuccessCondition parse(Object v) {
    List<FieldViolation> issues = new ArrayList<>();
    SuccessCondition c = SuccessCondition.parse(v, "successCondition", issues).orElse(null);
    assertThat(issues).isEmpty();
    return c;
  }

  SuccessCondition.Evidence out(String text) {
    return new SuccessCondition.Evidence(text, ws, false);
  }

  @Test
  void alwaysHoldsEvenForAnEmptyOutput() {
    assertThat(parse(Map.of("type", "always")).isMet(out(""))).isTrue();
  }

  @Test
  void outputContainsLooksForTheSubstring() {
    SuccessCondition c = parse(Map.of("type", "output-contains", "substring", "PASS"));
    assertThat(c.isMet(out("FAIL"))).isFalse();
    assertThat(c.isMet(out("tests: PASS"))).isTrue();
  }

  @Test
  void outputMatchesFindsTheRegex() {
    SuccessCondition c = parse(Map.of("type", "output-matches", "pattern", "\\d+ passed"));
    assertThat(c.isMet(out("12 passed, 0 failed"))).isTrue();
    assertThat(c.isMet(out("none"))).isFalse();
  }

  @Test
  void exitCodeHoldsUnlessTimedOut() {
    SuccessCondition c = parse(Map.of("type", "exit-code"));
    assertThat(c.isMet(out("x"))).isTrue();
    assertThat(c.isMet(new SuccessCondition.Evidence("x", ws, true))).isFalse();
  }

  @Test
  void fileExistsLooksInsideTheWorkspaceOnly() throws Exception {
    Files.writeString(ws.resolve("report.txt"), "r");
    assertThat(parse(Map.of("type", "file-exists", "path", "report.txt")).isMet(out(""))).isTrue();
    assertThat(parse(Map.of("type", "file-exists", "path", "missing.txt")).isMet(out("")))
        .isFalse();
    List<FieldViolation> issues = new ArrayList<>();
    assertThat(SuccessCondition.parse(Map.of("type", "file-exists", "path", "../x"), "c", issues))
        .isEmpty();
    assertThat(issues).extracting(FieldViolation::field).containsExactly("c.path");
  }

  @Test
  void compositeNeedsEveryMember() {
    SuccessCondition c =
        parse(
            Map.of(
                "type",
                "composite",
                "all",
                List.of(
                    Map.of("type", "output-contains", "substring", "A"),
                    Map.of("type", "output-contains", "substring", "B"))));
    assertThat(c.isMet(out("AB"))).isTrue();
    assertThat(c.isMet(out("A"))).isFalse();
  }

  @Test
  void unknownTypesAreIssues() {
    List<FieldViolation> issues = new ArrayList<>();
    assertThat(SuccessCondition.parse(Map.of("type", "vibes"), "sc", issues)).isEmpty();
    assertThat(issues).extracting(FieldViolation::field).containsExactly("sc.type");
  }
}
