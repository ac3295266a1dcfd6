package ai.koales.ksp.domain.coordination;

/** One consent_audit row: a tool call of an atom, written before the allow-list check (I4). */
public record ConsentEntry(
    String orgId,
    String runId,
    String beadId,
    int attempt,
    String agentId,
    String toolName,
    String toolCallId,
    long ts) {}
