package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import java.util.Map;

/**
 * An upsert named another type than the existing node's. A node's type never changes (core.md §4.3:
 * an upsert replaces data and {@code updated} only), so the request is refused instead of being
 * half-applied (409 {@code node-type-conflict}).
 */
public class NodeTypeConflictException extends KspException {

  private static final long serialVersionUID = 1L;

  private final String nodeId;
  private final String existingType;

  public NodeTypeConflictException(String nodeId, String existingType, String requestedType) {
    super(
        "node-type-conflict",
        FailureKind.CONFLICT,
        "Node "
            + nodeId
            + " is a "
            + existingType
            + "; an upsert cannot make it a "
            + requestedType
            + ".");
    this.nodeId = nodeId;
    this.existingType = existingType;
  }

  @Override
  public Map<String, Object> extensions() {
    return Map.of("nodeId", nodeId, "existingType", existingType);
  }
}
