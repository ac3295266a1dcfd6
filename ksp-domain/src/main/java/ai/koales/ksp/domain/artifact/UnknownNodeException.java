package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import java.util.List;
import java.util.Map;

/**
 * An edge names an end the graph does not have (INV-AG-004; 422 {@code unknown-node}). Nothing is
 * written.
 */
public class UnknownNodeException extends KspException {

  private static final long serialVersionUID = 1L;

  private final List<String> missing;

  public UnknownNodeException(GraphKey graph, List<String> missing) {
    super(
        "unknown-node",
        FailureKind.UNPROCESSABLE,
        "Graph "
            + graph.value()
            + " has no node "
            + String.join(" or ", missing)
            + "; an edge needs both ends.");
    this.missing = List.copyOf(missing);
  }

  /** The ids that do not exist, source before target. */
  public List<String> missing() {
    return missing;
  }

  @Override
  public Map<String, Object> extensions() {
    return Map.of("missingNodeIds", missing);
  }
}
