package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** INV-BG-002: a bead whose given id is not the hash of its type, content and parents. */
public class BeadIntegrityException extends KspException {

  private static final long serialVersionUID = 1L;

  public BeadIntegrityException(String givenId, String computedId) {
    super(
        "bead-integrity",
        FailureKind.UNPROCESSABLE,
        "bead id " + givenId + " does not match its content: the recomputed id is " + computedId);
  }
}
