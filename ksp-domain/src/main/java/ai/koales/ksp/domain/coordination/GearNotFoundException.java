package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** No gear with this id in the org. */
public class GearNotFoundException extends KspException {

  private static final long serialVersionUID = 1L;

  public GearNotFoundException(String gearId) {
    super("gear-not-found", FailureKind.NOT_FOUND, "gear not found: " + gearId);
  }
}
