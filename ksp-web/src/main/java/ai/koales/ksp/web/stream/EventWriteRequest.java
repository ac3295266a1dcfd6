package ai.koales.ksp.web.stream;

import ai.koales.ksp.domain.stream.EventWrite;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a producer's append (edges.md §1.5 EventWrite; the token is a header). */
@Schema(name = "EventWrite")
public record EventWriteRequest(
    @Schema(description = "Must equal the stream id of the path when present") String sessionId,
    @Schema(
            description = "sessionEvents, artifactWrites or beadUpdates",
            required = true,
            enumeration = {"sessionEvents", "artifactWrites", "beadUpdates"})
        String stream,
    @Schema(
            description =
                "A SessionEventKind name on sessionEvents, ARTIFACT_WRITTEN on artifactWrites,"
                    + " BEAD_UPDATE on beadUpdates",
            required = true)
        String kind,
    @Schema(description = "Required on beadUpdates") String runId,
    @Schema(description = "Required on artifactWrites") String assemblyId,
    @Schema(description = "GraphQL-shaped JSON object, e.g. {atomId, status} for BEAD_UPDATE")
        JsonObject payload,
    @Schema(description = "When it happened, epoch milliseconds (authoritative)", required = true)
        Long occurredAt,
    @Schema(description = "Ends the session; implied by kinds 24-26") Boolean terminal) {

  EventWrite toEventWrite() {
    return new EventWrite(
        sessionId,
        stream,
        kind,
        runId,
        assemblyId,
        payload == null ? null : JsonValues.toMap(payload),
        occurredAt,
        terminal);
  }
}
