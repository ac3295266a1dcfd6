package ai.koales.ksp.domain.artifact;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** How many nodes of each type and edges of each relation a graph holds. */
public record GraphCensus(
    GraphKey graph, Map<String, Long> nodesByType, Map<String, Long> edgesByRel) {

  public GraphCensus {
    nodesByType = Collections.unmodifiableMap(new TreeMap<>(nodesByType));
    edgesByRel = Collections.unmodifiableMap(new TreeMap<>(edgesByRel));
  }

  public long nodeCount() {
    return nodesByType.values().stream().mapToLong(Long::longValue).sum();
  }

  public long edgeCount() {
    return edgesByRel.values().stream().mapToLong(Long::longValue).sum();
  }

  public long nodes(String type) {
    return nodesByType.getOrDefault(type, 0L);
  }

  public long edges(String rel) {
    return edgesByRel.getOrDefault(rel, 0L);
  }
}
