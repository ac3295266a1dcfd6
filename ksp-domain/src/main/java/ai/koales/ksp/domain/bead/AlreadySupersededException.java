package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** A bead may be superseded once; the newer bead is the one to supersede. */
public class AlreadySupersededException extends KspException {

  private static final long serialVersionUID = 1L;

  public AlreadySupersededException(String beadId, String byBeadId) {
    super(
        "already-superseded",
        FailureKind.CONFLICT,
        "bead " + beadId + " is already superseded by " + byBeadId);
  }
}
