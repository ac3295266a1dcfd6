package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** P16: a bead or formula names a gear that is not registered in the org. */
public class UnknownGearException extends KspException {

  private static final long serialVersionUID = 1L;

  public UnknownGearException(String gearId) {
    super("unknown-gear", FailureKind.UNPROCESSABLE, "gear not registered: gear:" + gearId);
  }
}
