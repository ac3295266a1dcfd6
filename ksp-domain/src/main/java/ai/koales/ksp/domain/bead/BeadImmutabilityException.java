package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** INV-BG-001: beads are never updated or deleted. */
public class BeadImmutabilityException extends KspException {

  private static final long serialVersionUID = 1L;

  public BeadImmutabilityException(String beadId) {
    super(
        "bead-immutable",
        FailureKind.CONFLICT,
        "bead " + beadId + " is write-once: change it by writing a superseding bead");
  }
}
