package ai.koales.ksp.domain.coordination;

/** One insert-only bead_audit row: an effective transition of a bead (INV-C4). */
public record AuditEntry(
    String orgId,
    String runId,
    String beadId,
    String gearId,
    String agentId,
    AuditVerdict verdict,
    int attempt,
    long ts) {

  static AuditEntry of(Run run, ExecutionBead bead, String agentId, AuditVerdict verdict, long ts) {
    return new AuditEntry(
        run.orgId(),
        run.runId(),
        bead.id(),
        bead.gearId(),
        agentId,
        verdict,
        bead.attemptCount(),
        ts);
  }
}
