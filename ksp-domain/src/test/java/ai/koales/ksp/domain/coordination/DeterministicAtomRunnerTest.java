package ai.koales.ksp.domain.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The no-network runner (coordination.md §6). */
class DeterministicAtomRunnerTest {

  @TempDir Path ws;

  AtomTask task(String atomId, String instructions, String... deps) {
    return new AtomTask("RUN-1", atomId, 1, "tester", instructions, List.of(deps), ws, null);
  }

  @Test
  void itAnswersAndWritesTheAtomsOutFile() throws Exception {
    String out = new DeterministicAtomRunner().run(task("A3", "plain", "A1", "A2"), (t, id) -> {});
    assertThat(out).isEqualTo("ATOM A3 OK role=tester deps=[A1, A2]");
    assertThat(Files.readString(ws.resolve("A3.out"))).isEqualTo(out);
  }

  @Test
  void markersRunInOrder() throws Exception {
    List<String> calls = new ArrayList<>();
    String out =
        new DeterministicAtomRunner()
            .run(
                task("A1", "x [[out:one]] [[tool:read_file]] [[sleep:1]] [[out:two words]]"),
                (tool, id) -> calls.add(tool + "/" + id));
    assertThat(out).isEqualTo("ATOM A1 OK role=tester deps=[]\none\nTOOL read_file OK\ntwo words");
    assertThat(calls).containsExactly("read_file/A1-tc-1");
  }

  @Test
  void theFailMarkerThrowsAndWritesNothing() {
    assertThatThrownBy(
            () -> new DeterministicAtomRunner().run(task("A1", "[[fail]]"), (t, i) -> {}))
        .isInstanceOf(AtomFailedException.class);
    assertThat(Files.exists(ws.resolve("A1.out"))).isFalse();
  }

  @Test
  void aRefusedToolStopsTheRunBeforeTheToolRuns() {
    assertThatThrownBy(
            () ->
                new DeterministicAtomRunner()
                    .run(
                        task("A1", "[[tool:shell]][[out:ran]]"),
                        (tool, id) -> {
                          throw new ConsentDeniedException(tool, "A1");
                        }))
        .isInstanceOf(ConsentDeniedException.class);
    assertThat(Files.exists(ws.resolve("A1.out"))).isFalse();
  }

  @Test
  void itNeverWritesOutsideTheWorkspace() {
    assertThatThrownBy(
            () -> new DeterministicAtomRunner().run(task("../escape", "x"), (t, i) -> {}))
        .hasMessageContaining("outside the workspace");
  }
}
