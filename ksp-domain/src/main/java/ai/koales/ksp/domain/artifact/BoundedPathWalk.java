package ai.koales.ksp.domain.artifact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code walkBoundedPath} (core.md §4.3): every path from a start node that matches a fixed
 * sequence of steps completely. Partial matches are dropped; no steps match nothing. Paths are
 * ordered by their last node, newest first. The walk is bounded by the number of steps, so it
 * terminates on any graph; {@link #MAX_PARTIAL_PATHS} bounds its memory.
 */
public final class BoundedPathWalk {

  /** The longest path pattern accepted. */
  public static final int MAX_STEPS = 32;

  /** The most partial paths a walk may hold at once. */
  public static final int MAX_PARTIAL_PATHS = 10_000;

  /** Newest first: created descending, then write order descending. */
  public static final Comparator<ArtifactNode> NEWEST_FIRST =
      Comparator.comparing(ArtifactNode::created).thenComparingLong(ArtifactNode::seq).reversed();

  private BoundedPathWalk() {}

  public static List<ArtifactPath> walk(ArtifactNode start, List<PathStep> steps, Hops hops) {
    if (steps.size() > MAX_STEPS) {
      throw new ai.koales.ksp.domain.shared.InvalidInputException(
          "invalid-request", "steps", "at most " + MAX_STEPS + " steps");
    }
    if (steps.isEmpty()) {
      return List.of();
    }
    List<ArtifactPath> paths = List.of(new ArtifactPath(List.of(start), List.of()));
    for (int i = 0; i < steps.size(); i++) {
      PathStep step = steps.get(i);
      Set<String> ends = new LinkedHashSet<>();
      paths.forEach(p -> ends.add(p.last().id()));
      Map<String, List<Hop>> next = hops.of(ends, step);
      List<ArtifactPath> extended = new ArrayList<>();
      for (ArtifactPath path : paths) {
        for (Hop hop : next.getOrDefault(path.last().id(), List.of())) {
          if (step.admits(hop.node())) {
            extended.add(path.extend(hop.edge(), hop.node()));
            if (extended.size() > MAX_PARTIAL_PATHS) {
              throw new PathTooBroadException(i + 1, extended.size());
            }
          }
        }
      }
      if (extended.isEmpty()) {
        return List.of();
      }
      paths = extended;
    }
    List<ArtifactPath> sorted = new ArrayList<>(paths);
    sorted.sort(Comparator.comparing(ArtifactPath::last, NEWEST_FIRST));
    return List.copyOf(sorted);
  }
}
