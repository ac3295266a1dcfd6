package ai.koales.ksp.domain.artifact;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The neighbours of a set of nodes along one relation and direction: one call per level of a
 * breadth-first walk, so a store answers a whole frontier with one query. Nodes without neighbours
 * may be absent from the answer; the lists are in the store's deterministic edge order.
 *
 * <p>A store's adjacency may hold a resource (a prepared query) for the length of one walk; close
 * it when the walk is done.
 */
@FunctionalInterface
public interface Adjacency extends AutoCloseable {
  Map<String, List<String>> neighbours(Set<String> frontier);

  @Override
  default void close() {}
}
