package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.Locale;

/**
 * Which way a lineage walk goes (core.md §4.3). {@code backward} follows edges from source to
 * target: along {@code version_of} that is from a successor to its predecessors. {@code forward}
 * follows them from target to source: to the successors. {@code both} is the union used by {@code
 * collectLineageIds}.
 */
public enum LineageDirection {
  BACKWARD,
  FORWARD,
  BOTH;

  /** {@code backward}, {@code forward} or {@code both} (any case); absent means backward. */
  public static LineageDirection parse(String field, String value) {
    if (value == null || value.isEmpty()) {
      return BACKWARD;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "backward" -> BACKWARD;
      case "forward" -> FORWARD;
      case "both" -> BOTH;
      default ->
          throw new InvalidInputException(
              "invalid-request", field, "must be backward, forward or both");
    };
  }
}
