package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** No formula with this id in the org. */
public class FormulaNotFoundException extends KspException {

  private static final long serialVersionUID = 1L;

  public FormulaNotFoundException(String formulaId) {
    super("formula-not-found", FailureKind.NOT_FOUND, "formula not found: " + formulaId);
  }
}
