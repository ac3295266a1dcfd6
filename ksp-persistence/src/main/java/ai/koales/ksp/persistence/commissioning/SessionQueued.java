package ai.koales.ksp.persistence.commissioning;

/**
 * A commissioning session became runnable (submitted, or approved): announced after the commit so
 * the worker starts it now rather than at its next poll.
 */
public record SessionQueued(String orgId, String sessionId) {}
