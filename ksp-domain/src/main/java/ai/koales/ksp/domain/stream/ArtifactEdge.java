package ai.koales.ksp.domain.stream;

/** One row of the factory's {@code artifact_edges} (edges.md §1.8): source -rel-> target. */
public record ArtifactEdge(long id, String sourceId, String targetId, String rel, Object props) {}
