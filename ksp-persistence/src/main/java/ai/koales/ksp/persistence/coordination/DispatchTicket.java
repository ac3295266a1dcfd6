package ai.koales.ksp.persistence.coordination;

/** A built-in run's dispatch as the agent pool carries it in memory. */
public record DispatchTicket(
    long id, String key, String orgId, String runId, String beadId, int attempt) {}
