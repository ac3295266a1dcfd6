package ai.koales.ksp.domain.stream;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something a context did that subscribers of a session's stream must see (edges.md §1.5
 * EventWrite, minus the producer token): which session ({@code streamId}: a commissioning session
 * id, or a run id for runs made directly), which stream, what kind, the run or assembly it
 * concerns, a GraphQL-shaped payload, and when it happened.
 */
public record DomainEvent(
    String streamId,
    EventStream stream,
    String kind,
    String runId,
    String assemblyId,
    Map<String, Object> payload,
    long occurredAt,
    boolean terminal) {

  /** Stream (session) ids: edges.md §2.3. */
  public static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  public DomainEvent {
    Objects.requireNonNull(streamId, "streamId");
    if (!STREAM_ID.matcher(streamId).matches()) {
      throw new IllegalArgumentException(
          "stream id must match " + STREAM_ID.pattern() + ": " + streamId);
    }
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(kind, "kind");
    payload = payload == null ? Map.of() : payload;
  }

  /** A {@code sessionEvents} event of a known kind; terminal kinds end the session. */
  public static DomainEvent session(
      String streamId,
      SessionEventKind kind,
      String runId,
      Map<String, Object> payload,
      long occurredAt) {
    return new DomainEvent(
        streamId,
        EventStream.SESSION_EVENTS,
        kind.name(),
        runId,
        null,
        payload,
        occurredAt,
        kind.isTerminal());
  }
}
