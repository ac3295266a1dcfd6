package ai.koales.ksp.domain.artifact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A graph held in lists, answering the walks' queries the way a store does. */
final class InMemoryGraph {

  final Map<String, ArtifactNode> nodes = new LinkedHashMap<>();
  final List<ArtifactEdge> edges = new ArrayList<>();
  int adjacencyCalls;
  private long clock = 1_781_049_600_000L;

  ArtifactNode node(String id, String type) {
    return node(id, type, Map.of());
  }

  ArtifactNode node(String id, String type, Map<String, ?> data) {
    ArtifactNode n =
        ArtifactNode.create(
            id, type, data, "factory", nodes.size() + 1L, Instant.ofEpochMilli(clock++));
    nodes.put(id, n);
    return n;
  }

  /** A node created in the same millisecond as the previous one. */
  ArtifactNode sameMillisecondNode(String id, String type) {
    clock--;
    return node(id, type);
  }

  ArtifactEdge edge(String source, String rel, String target) {
    ArtifactEdge e =
        ArtifactEdge.create(
            source, target, rel, Map.of(), edges.size() + 1L, Instant.ofEpochMilli(clock++));
    edges.add(e);
    return e;
  }

  Adjacency adjacency(String rel, EdgeDirection direction) {
    return frontier -> {
      adjacencyCalls++;
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (ArtifactEdge e : edges) {
        if (e.rel().equals(rel) && frontier.contains(e.near(direction))) {
          out.computeIfAbsent(e.near(direction), k -> new ArrayList<>()).add(e.far(direction));
        }
      }
      return out;
    };
  }

  Hops hops() {
    return (Set<String> from, PathStep step) -> {
      Map<String, List<Hop>> out = new LinkedHashMap<>();
      for (ArtifactEdge e : edges) {
        if (e.rel().equals(step.rel()) && from.contains(e.near(step.direction()))) {
          out.computeIfAbsent(e.near(step.direction()), k -> new ArrayList<>())
              .add(new Hop(e, nodes.get(e.far(step.direction()))));
        }
      }
      return out;
    };
  }
}
