package ai.koales.ksp.domain.artifact;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which specification governs new executions (core.md §6 item 9 <b>FIX</b>): the newest
 * Specification or WorkGraph node that has no successor, i.e. no incoming {@code version_of} edge.
 * The original preferred any WorkGraph, so an adopted Specification never became active, and fell
 * back to a sentinel id that broke the {@code governs} edge; here an adopted successor wins at
 * once, and no candidate is {@link NoActiveSpecificationException}.
 *
 * <p>{@code domain}: a candidate whose data names a {@code domain} applies to that domain only; one
 * without applies to every domain. No domain asked for admits every candidate.
 */
public final class ActiveSpecification {

  /** The node types that can be active. */
  public static final Set<String> TYPES = Set.of(NodeTypes.SPECIFICATION, NodeTypes.WORK_GRAPH);

  private ActiveSpecification() {}

  /**
   * The first of {@code headsNewestFirst} (candidates without a successor, newest first) that
   * applies to {@code domain}.
   */
  public static Optional<ArtifactNode> select(List<ArtifactNode> headsNewestFirst, String domain) {
    return headsNewestFirst.stream()
        .filter(n -> TYPES.contains(n.type()))
        .filter(n -> appliesTo(n, domain))
        .findFirst();
  }

  static boolean appliesTo(ArtifactNode candidate, String domain) {
    Object scoped = candidate.get("domain");
    return domain == null || scoped == null || domain.equals(scoped);
  }
}
