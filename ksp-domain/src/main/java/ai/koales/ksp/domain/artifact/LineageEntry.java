package ai.koales.ksp.domain.artifact;

import java.util.Objects;

/** A node of a lineage and its distance from the walk's start (the start has depth 0). */
public record LineageEntry(ArtifactNode node, int depth) {
  public LineageEntry {
    Objects.requireNonNull(node, "node");
  }
}
