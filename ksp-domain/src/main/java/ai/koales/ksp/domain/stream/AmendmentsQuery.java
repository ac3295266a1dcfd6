package ai.koales.ksp.domain.stream;

import java.util.List;

/**
 * Read port: the amendments proposed for a run, as the GraphQL {@code amendments(runId)} field
 * shows them (edges.md §1.7 Amendment). The bead and loop contexts own the data; they provide the
 * adapter.
 */
public interface AmendmentsQuery {

  List<RunAmendment> amendmentsOf(String runId);

  /** One amendment; {@code reviewedAt} is epoch milliseconds (shown as RFC 3339). */
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
