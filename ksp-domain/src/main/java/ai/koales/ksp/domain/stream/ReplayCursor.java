package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.InvalidInputException;

/**
 * A client's cursor: the last seq it has (events strictly after it are sent). It must be a
 * non-negative integer (edges.md §4.7); absent means 0, the start of the stream.
 */
public final class ReplayCursor {

  private static final int MAX_DIGITS = 18;

  private ReplayCursor() {}

  public static long parse(String field, String raw) {
    if (raw == null || raw.isEmpty()) {
      return 0;
    }
    if (raw.length() > MAX_DIGITS || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidInputException(
          "invalid-cursor", field, "must be a non-negative integer (got \"" + clip(raw) + "\")");
    }
    return Long.parseLong(raw);
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
