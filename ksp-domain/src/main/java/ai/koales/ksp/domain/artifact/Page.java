package ai.koales.ksp.domain.artifact;

import java.util.List;
import java.util.function.Function;

/** A page of a list and the cursor of the next one (null on the last page). */
public record Page<T>(List<T> items, GraphCursor next) {

  public Page {
    items = List.copyOf(items);
  }

  /** {@code next} encoded for the wire, or null. */
  public String nextCursor() {
    return next == null ? null : next.encode();
  }

  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(items.stream().map(f).toList(), next);
  }

  /**
   * The page of {@code fetched}, which holds up to {@code limit + 1} items: the extra one only
   * tells that a next page exists.
   */
  public static <T> Page<T> of(List<T> fetched, int limit, Function<T, GraphCursor> cursorOf) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    List<T> items = fetched.subList(0, limit);
    return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
  }
}
