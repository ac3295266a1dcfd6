package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** A seed names a formula that is not registered in the org (422, nothing stored). */
public class UnknownFormulaException extends KspException {

  private static final long serialVersionUID = 1L;

  public UnknownFormulaException(String formulaId) {
    super(
        "unknown-formula",
        FailureKind.UNPROCESSABLE,
        "formula not registered: "
            + formulaId
            + " (register it with PUT …/formulas/"
            + formulaId
            + ")");
  }
}
