package ai.koales.ksp.persistence.stream;

import java.util.Set;

/**
 * Fired inside an append transaction; observed after commit to wake the stream's subscribers on
 * this node. {@code runIds} and {@code assemblyIds} are the scopes the new rows carry, for the
 * subscriptions that span sessions.
 */
public record StreamAppended(
    String streamId, long tipSeq, Set<String> runIds, Set<String> assemblyIds) {}
