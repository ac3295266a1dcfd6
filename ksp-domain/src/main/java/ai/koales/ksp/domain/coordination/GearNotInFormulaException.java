package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.KspException;
import java.util.List;

/**
 * Beads of a seed whose gear is not one of the gears of the formula their molecule follows (422,
 * one violation per bead, nothing stored).
 */
public class GearNotInFormulaException extends KspException {

  private static final long serialVersionUID = 1L;

  public GearNotInFormulaException(String formulaId, List<FieldViolation> violations) {
    super(
        "gear-not-in-formula",
        FailureKind.UNPROCESSABLE,
        violations.size()
            + " bead(s) name a gear that formula "
            + formulaId
            + " does not arrange: "
            + violations.get(0).message()
            + (violations.size() > 1 ? " (and more, see errors)" : ""),
        violations,
        null);
  }
}
