package ai.koales.ksp.web.platform;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

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

  /**
   * One page of a list the domain computes whole (a derived view such as a lineage or the open
   * amendments): {@code items} ordered by {@code key}, ascending or descending, where the key is
   * unique per item. The cursor carries the last key of a page, so the next page starts strictly
   * after it even if items came or went in between (keyset paging, never offsets).
   */
  public static <T> Listing<T> page(
      List<T> items, Function<T, String> key, boolean ascending, String cursor, Integer limit) {
    int max = limit(limit);
    Comparator<String> order =
        ascending ? Comparator.naturalOrder() : Comparator.<String>naturalOrder().reversed();
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(key, order));
    String after = cursor == null ? null : decodeCursor(cursor);
    List<T> page = new ArrayList<>();
    for (T item : sorted) {
      if (after != null && order.compare(key.apply(item), after) <= 0) {
        continue;
      }
      if (page.size() == max) {
        return new Listing<>(page, encodeCursor(key.apply(page.get(max - 1))));
      }
      page.add(item);
    }
    return new Listing<>(page, null);
  }

  private static String encodeCursor(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (raw.startsWith("k:")) {
        return raw.substring(2);
      }
    } catch (IllegalArgumentException e) {
      // not base64: refused below
    }
    throw new InvalidInputException("invalid-cursor", "cursor", "is not a cursor of this list");
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
