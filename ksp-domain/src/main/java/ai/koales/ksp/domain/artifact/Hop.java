package ai.koales.ksp.domain.artifact;

import java.util.Objects;

/** One edge of a walk and the node it leads to. */
public record Hop(ArtifactEdge edge, ArtifactNode node) {
  public Hop {
    Objects.requireNonNull(edge, "edge");
    Objects.requireNonNull(node, "node");
  }
}
