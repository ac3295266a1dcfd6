package ai.koales.ksp.domain.coordination;

/**
 * An outcome to record through {@link AtomSessions} once the transition that produced it has
 * committed (P13: non-fatal but durable); {@code streamId} is the run's stream, where loop closure
 * announces a divergence the outcome reveals.
 */
public record PendingOutcome(
    String orgId,
    String runId,
    String streamId,
    String beadId,
    int attempt,
    String sessionId,
    String executionBeadId,
    AtomOutcome outcome,
    long createdAt) {}
