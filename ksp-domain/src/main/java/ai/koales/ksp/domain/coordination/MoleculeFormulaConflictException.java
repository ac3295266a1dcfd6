package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** A seed names another formula than the one its molecule already follows (409). */
public class MoleculeFormulaConflictException extends KspException {

  private static final long serialVersionUID = 1L;

  public MoleculeFormulaConflictException(String message) {
    super("molecule-formula-conflict", FailureKind.CONFLICT, message);
  }
}
