package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** The graph has no edge (source, target, rel) (404 {@code edge-not-found}). */
public class EdgeNotFoundException extends KspException {

  private static final long serialVersionUID = 1L;

  public EdgeNotFoundException(GraphKey graph, String source, String rel, String target) {
    super(
        "edge-not-found",
        FailureKind.NOT_FOUND,
        "Graph " + graph.value() + " has no edge " + ArtifactEdge.idOf(source, rel, target) + ".");
  }
}
