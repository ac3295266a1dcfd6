package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** INV-C1: the bead is IN_PROGRESS under another claim; of racing claimers exactly one wins. */
public class AlreadyClaimedException extends KspException {

  private static final long serialVersionUID = 1L;

  public AlreadyClaimedException(String beadId) {
    super("already-claimed", FailureKind.CONFLICT, "bead " + beadId + " is already claimed");
  }
}
