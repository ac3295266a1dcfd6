package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * A supersede that would change what the superseded bead is about (its type, subject, scope or
 * role).
 */
public class InvalidSupersedeException extends KspException {

  private static final long serialVersionUID = 1L;

  public InvalidSupersedeException(String message) {
    super("invalid-supersede", FailureKind.UNPROCESSABLE, message);
  }
}
