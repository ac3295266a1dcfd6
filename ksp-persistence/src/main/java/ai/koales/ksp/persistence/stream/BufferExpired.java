package ai.koales.ksp.persistence.stream;

/** Fired when the sweeper deleted a buffer; observed after commit to end its subscriptions. */
public record BufferExpired(String streamId) {}
