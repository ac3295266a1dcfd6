package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.Locale;

/** Which edges of a node: those leaving it ({@code out}) or those arriving at it ({@code in}). */
public enum EdgeDirection {
  OUT,
  IN;

  /** {@code out} or {@code in} (any case); absent means {@code out}. */
  public static EdgeDirection parse(String field, String value) {
    if (value == null || value.isEmpty()) {
      return OUT;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "out" -> OUT;
      case "in" -> IN;
      default -> throw new InvalidInputException("invalid-request", field, "must be out or in");
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
