package ai.koales.ksp.domain.artifact;

import java.util.Objects;

/**
 * One step of a bounded path (core.md §4.3 {@code walkBoundedPath}): follow {@code rel} in {@code
 * direction} (out: source to target, as the original did; in: target to source) to a node of {@code
 * targetType}, or of any type when it is null.
 */
public record PathStep(String rel, String targetType, EdgeDirection direction) {

  public PathStep {
    ArtifactEdge.requireValidRel("rel", rel);
    if (targetType != null) {
      ArtifactNode.requireValidType("targetType", targetType);
    }
    Objects.requireNonNull(direction, "direction");
  }

  /** Along outgoing {@code rel} edges, to any node. */
  public static PathStep out(String rel) {
    return new PathStep(rel, null, EdgeDirection.OUT);
  }

  /** Along outgoing {@code rel} edges, to nodes of {@code targetType}. */
  public static PathStep out(String rel, String targetType) {
    return new PathStep(rel, targetType, EdgeDirection.OUT);
  }

  /** Against incoming {@code rel} edges (from their target to their source), to any node. */
  public static PathStep in(String rel) {
    return new PathStep(rel, null, EdgeDirection.IN);
  }

  /** Against incoming {@code rel} edges, to nodes of {@code targetType}. */
  public static PathStep in(String rel, String targetType) {
    return new PathStep(rel, targetType, EdgeDirection.IN);
  }

  boolean admits(ArtifactNode node) {
    return targetType == null || targetType.equals(node.type());
  }
}
