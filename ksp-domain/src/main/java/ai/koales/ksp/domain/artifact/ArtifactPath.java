package ai.koales.ksp.domain.artifact;

import java.util.List;

/**
 * A full match of a bounded path: {@code n + 1} nodes joined by {@code n} edges, {@code edges[i]}
 * joining {@code nodes[i]} and {@code nodes[i + 1]}.
 */
public record ArtifactPath(List<ArtifactNode> nodes, List<ArtifactEdge> edges) {

  public ArtifactPath {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    if (nodes.size() != edges.size() + 1) {
      throw new IllegalArgumentException(
          "a path has one node more than edges: " + nodes.size() + " nodes, " + edges.size());
    }
  }

  public ArtifactNode first() {
    return nodes.get(0);
  }

  public ArtifactNode last() {
    return nodes.get(nodes.size() - 1);
  }

  ArtifactPath extend(ArtifactEdge edge, ArtifactNode node) {
    List<ArtifactNode> n = new java.util.ArrayList<>(nodes);
    n.add(node);
    List<ArtifactEdge> e = new java.util.ArrayList<>(edges);
    e.add(edge);
    return new ArtifactPath(n, e);
  }
}
