package ai.koales.ksp.domain.commissioning;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** A pass that could not produce a valid artifact; its code is the session's error. */
public class PassFailedException extends KspException {

  private static final long serialVersionUID = 1L;

  public PassFailedException(String code, String message) {
    super(code, FailureKind.UNPROCESSABLE, message);
  }

  public PassFailedException(String code, String message, Throwable cause) {
    super(code, FailureKind.UNPROCESSABLE, message, cause);
  }
}
