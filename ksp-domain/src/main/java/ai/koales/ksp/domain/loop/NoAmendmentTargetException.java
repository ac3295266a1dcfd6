package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * An amendment needs a trust or policy bead to change (core.md §4.5, the FIX: the original proposed
 * amendments with an empty target that could never be adopted).
 */
public class NoAmendmentTargetException extends KspException {

  private static final long serialVersionUID = 1L;

  public NoAmendmentTargetException(String message) {
    super("no-amendment-target", FailureKind.UNPROCESSABLE, message);
  }
}
