package ai.koales.ksp.domain.stream;

import java.util.List;
import java.util.Map;

/**
 * Read port: a run's execution beads, as the GraphQL {@code beads(runId)} field shows them
 * (edges.md §1.7 ExecutionBead). The coordination context owns the data; it provides the adapter.
 */
public interface RunBeadsQuery {

  /** The run's beads; empty when the run is unknown (edges.md §2.4: failure or 404 gives []). */
  List<RunBead> beadsOf(String runId);

  /** One execution bead; times are epoch milliseconds (shown as RFC 3339). */
  record RunBead(
      String id,
      String moleculeId,
      String gearId,
      String nodeId,
      String status,
      String assignedTo,
      int attemptCount,
      Object payload,
      Object result,
      Long createdAt,
      Long updatedAt,
      List<RunConsent> consentBeads) {

    public RunBead {
      consentBeads = consentBeads == null ? List.of() : List.copyOf(consentBeads);
    }
  }

  /** A consent bead that governs an execution bead (edges.md §1.7 ConsentBead). */
  record RunConsent(
      String id,
      String beadId,
      String roleId,
      List<String> grants,
      String status,
      String grantedBy,
      Long grantedAt,
      Long expiresAt,
      String revokes,
      Map<String, Object> extra) {}
}
