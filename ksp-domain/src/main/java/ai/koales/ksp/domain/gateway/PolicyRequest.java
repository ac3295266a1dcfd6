package ai.koales.ksp.domain.gateway;

/** What the policy decision point is asked (edges.md §2.2: the body of POST {PDP}/evaluate). */
public record PolicyRequest(String sessionId, String actorType, String purposeId) {}
