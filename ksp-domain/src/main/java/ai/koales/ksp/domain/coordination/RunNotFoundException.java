package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * No run with this id in the org (a run of another org is not found either: runs are bound to the
 * org that initialised them).
 */
public class RunNotFoundException extends KspException {

  private static final long serialVersionUID = 1L;

  public RunNotFoundException(String runId) {
    super("run-not-found", FailureKind.NOT_FOUND, "run not found: " + runId);
  }
}
