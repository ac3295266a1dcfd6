package ai.koales.ksp.web.platform;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.List;

/**
 * The list shape of the public API (api.md "Conventions"): {@code {items, nextCursor}}, with {@code
 * nextCursor} null on the last page.
 */
public record Listing<T>(List<T> items, String nextCursor) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  public static <T> Listing<T> of(List<T> items) {
    return new Listing<>(items, null);
  }

  /** {@code ?limit=}: default 50, between 1 and 500, else 400 {@code invalid-request}. */
  public static int limit(Integer requested) {
    if (requested == null) {
      return DEFAULT_LIMIT;
    }
    if (requested < 1 || requested > MAX_LIMIT) {
      throw new InvalidInputException(
          "invalid-request",
          "limit",
          "must be between 1 and " + MAX_LIMIT + " (got " + requested + ")");
    }
    return requested;
  }
}
