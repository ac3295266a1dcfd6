package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.List;

/**
 * A seed names a parent that is neither in the request nor already in the run (coordination.md §4.1
 * seed: 400, nothing stored).
 */
public class UnknownDependencyException extends InvalidInputException {

  private static final long serialVersionUID = 1L;

  public UnknownDependencyException(List<FieldViolation> violations) {
    super("unknown-dependency", violations);
  }
}
