package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** BP5 on an amendment that was already adopted or rejected: refused, nothing written. */
public class AmendmentAlreadyResolvedException extends KspException {

  private static final long serialVersionUID = 1L;

  public AmendmentAlreadyResolvedException(String amendmentBeadId, String resolvedBy) {
    super(
        "amendment-already-resolved",
        FailureKind.CONFLICT,
        "amendment " + amendmentBeadId + " is already resolved by bead " + resolvedBy);
  }
}
