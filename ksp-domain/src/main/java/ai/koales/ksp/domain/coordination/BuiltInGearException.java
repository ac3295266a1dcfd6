package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * GEAR-default is built into every org (api.md "Commissioning and mediation") and cannot be
 * replaced.
 */
public class BuiltInGearException extends KspException {

  private static final long serialVersionUID = 1L;

  public BuiltInGearException(String gearId) {
    super(
        "gear-built-in",
        FailureKind.CONFLICT,
        "gear " + gearId + " is built in and cannot be replaced");
  }
}
