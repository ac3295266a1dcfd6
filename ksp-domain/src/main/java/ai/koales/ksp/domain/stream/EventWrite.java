package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.Ids;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An external producer's event as it arrives (edges.md §1.5 EventWrite; the producer token travels
 * in a header). {@link #toDomainEvent} checks every rule before anything is written:
 *
 * <ul>
 *   <li>{@code sessionId}, when given, is the addressed stream (the original never checked);
 *   <li>{@code stream} is one of the three streams; {@code kind} is a session event kind for {@code
 *       sessionEvents}, {@code ARTIFACT_WRITTEN} for {@code artifactWrites}, {@code BEAD_UPDATE}
 *       for {@code beadUpdates};
 *   <li>{@code runId} is required for {@code beadUpdates}, {@code assemblyId} for {@code
 *       artifactWrites}; both are path-id shaped when present;
 *   <li>{@code occurredAt} (epoch ms, authoritative) is required and not negative.
 * </ul>
 *
 * A terminal kind (24-26) is terminal whatever the {@code terminal} flag says; the flag may also
 * mark another {@code sessionEvents} kind as the last event of the session.
 */
public record EventWrite(
    String sessionId,
    String stream,
    String kind,
    String runId,
    String assemblyId,
    Map<String, Object> payload,
    Long occurredAt,
    Boolean terminal) {

  public static final String ARTIFACT_WRITTEN = "ARTIFACT_WRITTEN";
  public static final String BEAD_UPDATE = "BEAD_UPDATE";

  public DomainEvent toDomainEvent(StreamId streamId) {
    List<FieldViolation> v = new ArrayList<>();
    if (sessionId != null && !sessionId.equals(streamId.value())) {
      v.add(new FieldViolation("sessionId", "must equal the stream id of the path when present"));
    }
    EventStream s = stream == null ? null : EventStream.byWireName(stream);
    if (s == null) {
      v.add(new FieldViolation("stream", "must be sessionEvents, artifactWrites or beadUpdates"));
    }
    if (kind == null || kind.isBlank()) {
      v.add(new FieldViolation("kind", "is required"));
    } else if (s == EventStream.SESSION_EVENTS
        && SessionEventKind.byName(kind) == SessionEventKind.SESSION_EVENT_KIND_UNSPECIFIED) {
      v.add(new FieldViolation("kind", "must name a SessionEventKind (SESSION_SUBMITTED, ...)"));
    } else if (s == EventStream.ARTIFACT_WRITES && !ARTIFACT_WRITTEN.equals(kind)) {
      v.add(new FieldViolation("kind", "must be ARTIFACT_WRITTEN on artifactWrites"));
    } else if (s == EventStream.BEAD_UPDATES && !BEAD_UPDATE.equals(kind)) {
      v.add(new FieldViolation("kind", "must be BEAD_UPDATE on beadUpdates"));
    }
    checkId(v, "runId", runId, s == EventStream.BEAD_UPDATES);
    checkId(v, "assemblyId", assemblyId, s == EventStream.ARTIFACT_WRITES);
    if (occurredAt == null) {
      v.add(new FieldViolation("occurredAt", "is required (epoch milliseconds)"));
    } else if (occurredAt < 0) {
      v.add(new FieldViolation("occurredAt", "must not be negative"));
    }
    boolean terminalKind =
        s == EventStream.SESSION_EVENTS && SessionEventKind.byName(kind).isTerminal();
    if (Boolean.TRUE.equals(terminal) && s != EventStream.SESSION_EVENTS) {
      v.add(new FieldViolation("terminal", "only a sessionEvents event can end the session"));
    }
    if (!v.isEmpty()) {
      throw new InvalidInputException("invalid-event", v);
    }
    return new DomainEvent(
        streamId.value(),
        s,
        kind,
        runId,
        assemblyId,
        payload,
        occurredAt,
        terminalKind || Boolean.TRUE.equals(terminal));
  }

  private static void checkId(List<FieldViolation> v, String field, String id, boolean required) {
    if (id == null || id.isEmpty()) {
      if (required) {
        v.add(new FieldViolation(field, "is required on this stream"));
      }
    } else if (!Ids.isValidId(id)) {
      v.add(new FieldViolation(field, "must match " + Ids.ID.pattern()));
    }
  }
}
