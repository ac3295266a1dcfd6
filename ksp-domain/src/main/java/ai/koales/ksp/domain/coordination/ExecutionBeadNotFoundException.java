package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** The run has no bead with this id. */
public class ExecutionBeadNotFoundException extends KspException {

  private static final long serialVersionUID = 1L;

  public ExecutionBeadNotFoundException(String runId, String beadId) {
    super("bead-not-found", FailureKind.NOT_FOUND, "bead " + beadId + " not found in run " + runId);
  }
}
