package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import java.util.Map;

/** The graph has no node with this id (404 {@code node-not-found}). */
public class NodeNotFoundException extends KspException {

  private static final long serialVersionUID = 1L;

  private final String nodeId;

  public NodeNotFoundException(GraphKey graph, String nodeId) {
    super(
        "node-not-found",
        FailureKind.NOT_FOUND,
        "Graph " + graph.value() + " has no node " + nodeId + ".");
    this.nodeId = nodeId;
  }

  public String nodeId() {
    return nodeId;
  }

  @Override
  public Map<String, Object> extensions() {
    return Map.of("nodeId", nodeId);
  }
}
