package ai.koales.ksp.domain.stream;

import java.util.List;
import java.util.Optional;

/**
 * Read port: a run's execution beads, as the GraphQL {@code beads(runId)} field shows them
 * (edges.md §1.7 ExecutionBead, §2.4). The coordination context owns the data and provides the
 * adapter; the stream context applies the org rule with the org the adapter reports.
 */
public interface RunBeadsQuery {

  /** The run's org and beads; empty when the run is unknown (edges.md §2.4: then []). */
  Optional<RunBeads> beadsOf(String runId);

  /** A run's beads and the org the run belongs to (null: none). */
  record RunBeads(String orgId, List<RunBead> beads) {
    public RunBeads {
      beads = List.copyOf(beads);
    }
  }

  /**
   * One execution bead. {@code status} is one of ready, in_progress, done, failed; times are epoch
   * milliseconds (shown as RFC 3339); {@code payload} and {@code result} are JSON-like values.
   */
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

  /**
   * A consent bead governing an execution bead (edges.md §1.7 ConsentBead); {@code status} is
   * ACTIVE or REVOKED; times are epoch milliseconds.
   */
  record RunConsent(
      String id,
      String beadId,
      String roleId,
      List<String> grants,
      String status,
      String grantedBy,
      long grantedAt,
      Long expiresAt,
      String revokes) {

    public RunConsent {
      grants = grants == null ? List.of() : List.copyOf(grants);
    }
  }
}
