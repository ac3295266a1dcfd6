package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.InvalidInputException;

/**
 * One page of a list (api.md "Conventions"): at most {@code limit} items after {@code after} (null
 * for the first page).
 */
public record PageRequest(int limit, GraphCursor after) {

  /** The default page size of the public API. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest page the public API serves. */
  public static final int MAX_LIMIT = 500;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException(
          "invalid-request", "limit", "must be an integer from 1 to " + MAX_LIMIT);
    }
  }

  public static PageRequest first(int limit) {
    return new PageRequest(limit, null);
  }

  /**
   * The page the query parameters ask for: {@code limit} (absent: {@code defaultLimit}; else an
   * integer from 1 to 500) and an opaque {@code cursor} from a previous page.
   */
  public static PageRequest parse(String limit, String cursor, int defaultLimit) {
    int n = defaultLimit;
    if (limit != null) {
      try {
        n = Integer.parseInt(limit.trim());
      } catch (NumberFormatException notANumber) {
        throw new InvalidInputException(
            "invalid-request", "limit", "must be an integer from 1 to " + MAX_LIMIT);
      }
    }
    GraphCursor after = cursor == null || cursor.isEmpty() ? null : GraphCursor.decode(cursor);
    return new PageRequest(n, after);
  }
}
