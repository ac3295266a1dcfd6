package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.List;

/** Bead content that does not match its type's schema (core.md §1.1); nothing is written. */
public class BeadValidationException extends InvalidInputException {

  private static final long serialVersionUID = 1L;

  public BeadValidationException(List<FieldViolation> violations) {
    super("bead-validation", violations);
  }

  public BeadValidationException(String field, String message) {
    super("bead-validation", field, message);
  }
}
