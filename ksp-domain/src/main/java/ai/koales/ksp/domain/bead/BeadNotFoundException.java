package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** No bead with that id in the org. */
public class BeadNotFoundException extends KspException {

  private static final long serialVersionUID = 1L;

  public BeadNotFoundException(String orgId, String beadId) {
    super("bead-not-found", FailureKind.NOT_FOUND, "no bead " + beadId + " in org " + orgId);
  }
}
