package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * An init names an existing run with different settings, or a run id that another org already
 * initialised. Run ids are global (the deterministic id of Q1 never collides across orgs unless
 * someone reuses it), so the second org is refused rather than silently given a second run.
 */
public class RunConflictException extends KspException {

  private static final long serialVersionUID = 1L;

  public RunConflictException(String message) {
    super("run-conflict", FailureKind.CONFLICT, message);
  }
}
