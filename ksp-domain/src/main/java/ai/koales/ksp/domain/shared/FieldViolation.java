package ai.koales.ksp.domain.shared;

import java.util.Objects;

/**
 * One broken field rule: {@code field} is a dotted path into the request ({@code
 * content.trust_score}), {@code message} says what is wrong in words a caller can act on.
 */
public record FieldViolation(String field, String message) {
  public FieldViolation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }
}
