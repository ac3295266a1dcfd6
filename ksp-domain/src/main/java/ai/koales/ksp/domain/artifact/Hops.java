package ai.koales.ksp.domain.artifact;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For each node of {@code from}, the hops of {@code step} (its edges with the node at their far
 * end), keyed by the near end's id; one call per step of a bounded path.
 */
@FunctionalInterface
public interface Hops {
  Map<String, List<Hop>> of(Set<String> from, PathStep step);
}
