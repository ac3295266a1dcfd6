package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * The bead belongs to a run executed by the other kind of executor: external agents never claim
 * beads of builtin runs (and the built-in agents never claim external ones).
 */
public class ExecutorMismatchException extends KspException {

  private static final long serialVersionUID = 1L;

  public ExecutorMismatchException(String runId, ExecutorKind runExecutor) {
    super(
        "executor-mismatch",
        FailureKind.CONFLICT,
        "run " + runId + " is executed by " + runExecutor.wireName() + " agents");
  }
}
