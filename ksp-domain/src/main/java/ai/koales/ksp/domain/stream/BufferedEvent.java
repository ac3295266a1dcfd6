package ai.koales.ksp.domain.stream;

import java.util.Map;
import java.util.Objects;

/**
 * One event as the buffer holds it (edges.md §1.5 BufferedEvent): its gap-free sequence number in
 * the session, which stream, what kind, the run or assembly it concerns, the GraphQL-shaped
 * payload, when it happened (producer's clock, authoritative) and when the buffer took it.
 */
public record BufferedEvent(
    String streamId,
    long seq,
    EventStream stream,
    String kind,
    String scopeRunId,
    String scopeAssemblyId,
    Map<String, Object> payload,
    long occurredAt,
    long appendedAt,
    boolean terminal) {

  public BufferedEvent {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(kind, "kind");
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1: " + seq);
    }
    payload = payload == null ? Map.of() : payload;
  }
}
