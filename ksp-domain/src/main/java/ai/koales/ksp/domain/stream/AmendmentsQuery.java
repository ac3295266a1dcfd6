package ai.koales.ksp.domain.stream;

import java.util.List;
import java.util.Optional;

/**
 * Read port: the amendments proposed for a run, as the GraphQL {@code amendments(runId)} field
 * shows them (edges.md §1.7 Amendment). The bead and loop contexts own the data and provide the
 * adapter; the stream context applies the org rule with the org the adapter reports.
 */
public interface AmendmentsQuery {

  /** The run's org and amendments; empty when the run is unknown. */
  Optional<RunAmendments> amendmentsOf(String runId);

  /** A run's amendments and the org the run belongs to (null: none). */
  record RunAmendments(String orgId, List<RunAmendment> amendments) {
    public RunAmendments {
      amendments = List.copyOf(amendments);
    }
  }

  /**
   * One amendment; {@code status} is PENDING, APPROVED, REJECTED or SUPERSEDED; {@code reviewedAt}
   * is epoch milliseconds (shown as RFC 3339); {@code proposedChange} is a JSON-like value.
   */
  record RunAmendment(
      String id,
      String beadId,
      String targetBeadId,
      String targetType,
      Object proposedChange,
      String rationale,
      String triggeredBy,
      String status,
      String reviewedBy,
      Long reviewedAt,
      String artifactGraphAmendmentId) {}
}
