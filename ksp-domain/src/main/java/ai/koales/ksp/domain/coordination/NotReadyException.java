package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * INV-C2: a parent of the bead is not DONE yet (or is FAILED while the run blocks on failures, Q2).
 */
public class NotReadyException extends KspException {

  private static final long serialVersionUID = 1L;

  public NotReadyException(String beadId) {
    super(
        "not-ready",
        FailureKind.CONFLICT,
        "bead " + beadId + " is not ready: a parent is not DONE");
  }
}
