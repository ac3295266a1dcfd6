package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A directed, typed edge between two nodes of one graph (core.md §1.3). There is at most one edge
 * per (source, target, rel) (INV-AG-002); its id is {@code source::rel::target}. An upsert replaces
 * its props only.
 */
public record ArtifactEdge(
    String source,
    String target,
    String rel,
    Map<String, Object> props,
    Instant created,
    long seq) {

  public ArtifactEdge {
    ArtifactNode.requireValidId("source", source);
    ArtifactNode.requireValidId("target", target);
    requireValidRel("rel", rel);
    Objects.requireNonNull(created, "created");
    props = ArtifactNode.freeze(props);
  }

  public static ArtifactEdge create(
      String source, String target, String rel, Map<String, ?> props, long seq, Instant now) {
    return new ArtifactEdge(source, target, rel, ArtifactNode.freeze(props), now, seq);
  }

  /** The id of the edge (source, target, rel): {@code source::rel::target}. */
  public static String idOf(String source, String rel, String target) {
    return source + "::" + rel + "::" + target;
  }

  public String id() {
    return idOf(source, rel, target);
  }

  /** The upsert of an existing edge: props are replaced, nothing else. */
  public ArtifactEdge replaceProps(Map<String, ?> newProps) {
    return new ArtifactEdge(source, target, rel, ArtifactNode.freeze(newProps), created, seq);
  }

  /** The end a walk in {@code direction} arrives at: the target going out, the source going in. */
  public String far(EdgeDirection direction) {
    return direction == EdgeDirection.OUT ? target : source;
  }

  /** The end a walk in {@code direction} leaves from: the source going out, the target going in. */
  public String near(EdgeDirection direction) {
    return direction == EdgeDirection.OUT ? source : target;
  }

  public static String requireValidRel(String field, String rel) {
    if (!Relations.isValid(rel)) {
      throw new InvalidInputException(
          "invalid-request", field, "must match [A-Za-z0-9_.:-]{1,200} (a relation name)");
    }
    return rel;
  }
}
