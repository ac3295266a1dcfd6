package ai.koales.ksp.domain.artifact;

import java.util.Objects;

/** A node reached by a lineage walk, {@code depth} edges from its start (the start has depth 0). */
public record LineageStep(String nodeId, int depth) {
  public LineageStep {
    Objects.requireNonNull(nodeId, "nodeId");
    if (depth < 0) {
      throw new IllegalArgumentException("depth must not be negative: " + depth);
    }
  }
}
