package ai.koales.ksp.domain.coordination;

import java.nio.file.Path;
import java.util.List;

/**
 * One attempt of one atom, as a runner sees it: who it is, in which role, what to do, which atoms
 * it depends on, and the run's workspace directory (P21: initialised explicitly, never null).
 */
public record AtomTask(
    String runId,
    String atomId,
    int attempt,
    String role,
    String instructions,
    List<String> dependsOn,
    Path workspace,
    AtomDirective directive) {
  public AtomTask {
    dependsOn = List.copyOf(dependsOn);
  }
}
