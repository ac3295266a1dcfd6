package ai.koales.ksp.domain.shared;

import java.util.List;

/**
 * Input that breaks one or more field rules. Raised before anything is written, so the use case
 * changes nothing.
 */
public class InvalidInputException extends KspException {

  private static final long serialVersionUID = 1L;

  public InvalidInputException(String code, List<FieldViolation> violations) {
    super(code, FailureKind.INVALID_INPUT, summarise(violations), violations, null);
  }

  public InvalidInputException(String code, String field, String message) {
    this(code, List.of(new FieldViolation(field, message)));
  }

  private static String summarise(List<FieldViolation> violations) {
    if (violations.isEmpty()) {
      return "The request is invalid.";
    }
    StringBuilder sb = new StringBuilder();
    for (FieldViolation v : violations) {
      if (!sb.isEmpty()) {
        sb.append("; ");
      }
      sb.append(v.field()).append(": ").append(v.message());
    }
    return sb.toString();
  }
}
