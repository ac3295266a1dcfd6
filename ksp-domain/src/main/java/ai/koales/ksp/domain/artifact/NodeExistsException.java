package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import java.util.Map;

/** An append named a node id the graph already has (409 {@code node-exists}, scenario 23). */
public class NodeExistsException extends KspException {

  private static final long serialVersionUID = 1L;

  private final String nodeId;

  public NodeExistsException(GraphKey graph, String nodeId) {
    super(
        "node-exists",
        FailureKind.CONFLICT,
        "Graph " + graph.value() + " already has a node " + nodeId + "; appends never overwrite.");
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
