package ai.koales.ksp.persistence.commissioning;

/**
 * A session ended while its job was stopped at the gate (rejected): the job execution must be
 * abandoned so that nothing restarts it. Fired after the decision committed.
 */
public record SessionAbandoned(String sessionId, Long jobExecutionId) {}
