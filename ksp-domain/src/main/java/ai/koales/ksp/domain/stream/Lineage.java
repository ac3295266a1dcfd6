package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The GraphQL {@code lineage} walk (edges.md §2.4): forward over {@code artifact_edges} from the
 * root (the next hop's sources are the previous hop's targets), at most {@code depth} hops, each
 * edge once, and safe on cycles because a node is expanded only the first time it is reached.
 */
public final class Lineage {

  public static final int DEFAULT_DEPTH = 3;
  public static final int MAX_DEPTH = 5;

  private Lineage() {}

  /** The depth to walk: 3 when absent; more than 5 or less than 1 is refused. */
  public static int depth(Integer requested) {
    if (requested == null) {
      return DEFAULT_DEPTH;
    }
    if (requested > MAX_DEPTH) {
      throw new InvalidInputException("invalid-depth", "depth", "depth > 5 not allowed");
    }
    if (requested < 1) {
      throw new InvalidInputException("invalid-depth", "depth", "depth must be at least 1");
    }
    return requested;
  }

  /**
   * Walks forward from {@code rootId}; {@code edgesFrom} returns the edges whose source is one of
   * the given nodes.
   */
  public static List<ArtifactEdge> walk(
      String rootId, int depth, Function<Set<String>, List<ArtifactEdge>> edgesFrom) {
    List<ArtifactEdge> out = new ArrayList<>();
    Set<Long> seenEdges = new HashSet<>();
    Set<String> expanded = new HashSet<>();
    Set<String> frontier = new LinkedHashSet<>(List.of(rootId));
    for (int hop = 0; hop < depth && !frontier.isEmpty(); hop++) {
      expanded.addAll(frontier);
      Set<String> next = new LinkedHashSet<>();
      for (ArtifactEdge e : edgesFrom.apply(frontier)) {
        if (seenEdges.add(e.id())) {
          out.add(e);
          if (!expanded.contains(e.targetId())) {
            next.add(e.targetId());
          }
        }
      }
      frontier = next;
    }
    return out;
  }
}
