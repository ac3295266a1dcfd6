package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * A bead type that this entry point does not write (audit beads are written by the server only).
 */
public class BeadTypeNotWritableException extends KspException {

  private static final long serialVersionUID = 1L;

  public BeadTypeNotWritableException(String message) {
    super("bead-type-not-writable", FailureKind.INVALID_INPUT, message);
  }
}
