package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lineage walks (core.md §4.3): breadth-first from a start node along one relation, level by level,
 * so the result is in depth order and every node appears once, at its shortest distance from the
 * start. The walk never revisits a node, so a cycle cannot make it loop (the <b>FIX</b> of {@code
 * collectLineageIds}); {@code maxDepth} bounds it further.
 */
public final class LineageWalk {

  /** The original's default depth bound. */
  public static final int DEFAULT_MAX_DEPTH = 1000;

  /** The largest depth bound a caller may ask for. */
  public static final int MAX_DEPTH = 1000;

  private LineageWalk() {}

  /**
   * The nodes reachable from {@code start} in at most {@code maxDepth} steps of {@code adjacency},
   * start first (depth 0), then by depth; within a depth in the order their predecessors were
   * reached and, per predecessor, in the adjacency's order.
   */
  public static List<LineageStep> walk(String start, Adjacency adjacency, int maxDepth) {
    requireDepth(maxDepth);
    List<LineageStep> reached = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    seen.add(start);
    reached.add(new LineageStep(start, 0));
    List<String> frontier = List.of(start);
    for (int depth = 1; depth <= maxDepth && !frontier.isEmpty(); depth++) {
      Map<String, List<String>> next = adjacency.neighbours(new LinkedHashSet<>(frontier));
      List<String> nextFrontier = new ArrayList<>();
      for (String from : frontier) {
        for (String to : next.getOrDefault(from, List.of())) {
          if (seen.add(to)) {
            reached.add(new LineageStep(to, depth));
            nextFrontier.add(to);
          }
        }
      }
      frontier = nextFrontier;
    }
    return reached;
  }

  /**
   * {@code collectLineageIds}: the start, its ancestors (walking {@code backward}) and its
   * descendants (walking {@code forward}), each walk bounded by {@code maxDepth}; distinct, start
   * first, then the backward walk in depth order, then the forward walk. A node found both ways (a
   * cycle) keeps its backward position and depth.
   */
  public static List<LineageStep> both(
      String start, Adjacency backward, Adjacency forward, int maxDepth) {
    Map<String, LineageStep> union = new LinkedHashMap<>();
    for (LineageStep s : walk(start, backward, maxDepth)) {
      union.putIfAbsent(s.nodeId(), s);
    }
    for (LineageStep s : walk(start, forward, maxDepth)) {
      union.putIfAbsent(s.nodeId(), s);
    }
    return List.copyOf(union.values());
  }

  /** The ids of {@code steps}, in order. */
  public static Set<String> ids(List<LineageStep> steps) {
    Set<String> ids = new LinkedHashSet<>();
    steps.forEach(s -> ids.add(s.nodeId()));
    return ids;
  }

  static void requireDepth(int maxDepth) {
    if (maxDepth < 0 || maxDepth > MAX_DEPTH) {
      throw new InvalidInputException(
          "invalid-request", "maxDepth", "must be an integer from 0 to " + MAX_DEPTH);
    }
  }
}
