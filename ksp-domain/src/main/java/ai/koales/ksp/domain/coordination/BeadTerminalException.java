package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * INV-C3 / P14: the bead is DONE or FAILED; terminal beads never change again through the hooks.
 */
public class BeadTerminalException extends KspException {

  private static final long serialVersionUID = 1L;

  public BeadTerminalException(String beadId, BeadStatus status) {
    super("terminal", FailureKind.CONFLICT, "bead " + beadId + " is " + status + " (terminal)");
  }
}
