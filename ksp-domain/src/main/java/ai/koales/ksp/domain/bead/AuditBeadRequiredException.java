package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** INV-BG-007: a non-audit bead must be written together with its audit bead. */
public class AuditBeadRequiredException extends KspException {

  private static final long serialVersionUID = 1L;

  public AuditBeadRequiredException(String message) {
    super("audit-bead-required", FailureKind.UNPROCESSABLE, message);
  }
}
