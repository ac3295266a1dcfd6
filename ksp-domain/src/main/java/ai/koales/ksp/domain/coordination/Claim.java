package ai.koales.ksp.domain.coordination;

import java.util.List;
import java.util.Map;

/**
 * A successful claim (api.md "Coordination"): the bead, its lease, the attempt, the directive to
 * execute and the real knowing-state session opened for it (review P1), with the execution bead
 * recorded through that session.
 */
public record Claim(
    String orgId,
    String runId,
    String beadId,
    String moleculeId,
    String gearId,
    String role,
    String agentId,
    String leaseToken,
    int attempt,
    long leaseExpiresAt,
    Map<String, Object> directive,
    List<String> dependsOn,
    String sessionId,
    String executionBeadId) {

  public Claim {
    dependsOn = List.copyOf(dependsOn);
  }
}
