package ai.koales.ksp.web.stream;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.BufferHead;
import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.ReplayCursor;
import ai.koales.ksp.domain.stream.ReplayEnvelope;
import ai.koales.ksp.domain.stream.ReplayFilter;
import ai.koales.ksp.domain.stream.StreamId;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.persistence.platform.JsonValues;
import ai.koales.ksp.persistence.stream.EventBuffers;
import ai.koales.ksp.persistence.stream.LiveStreams;
import ai.koales.ksp.persistence.stream.StreamReads;
import ai.koales.ksp.persistence.stream.StreamSettings;
import ai.koales.ksp.web.platform.Caller;
import ai.koales.ksp.web.platform.Problem;
import ai.koales.ksp.web.platform.Roles;
import ai.koales.ksp.web.platform.ValidationProblem;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.HashSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A session's event stream over REST (api.md "Streams", edges.md §2.3, §4): producers append with
 * their HMAC token; readers replay, read the head, or follow it as Server-Sent Events.
 */
@Path("streams/{streamId}")
@RequestScoped
@Tag(name = "Streams", description = "Per-session event buffers: append, replay, head, live")
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

  @Inject EventBuffers buffers;
  @Inject StreamReads reads;
  @Inject LiveStreams live;
  @Inject StreamSettings settings;
  @Inject Caller caller;
  @Context UriInfo uriInfo;

  /** The answer to an append. */
  @Schema(name = "Appended")
  public record Appended(@Schema(description = "The event's seq in its session") long seq) {}

  /** A replay: rows after the cursor, and the buffer's tip and terminal flag (edges.md §4.7). */
  public record Replay(
      List<EventView> rows,
      @JsonbProperty("tip_seq") @Schema(name = "tip_seq") long tipSeq,
      boolean terminal,
      @Schema(description = "The row limit was reached: replay again after the last row's seq")
          boolean truncated) {}

  /** A stream's head (edges.md §1.5 Head). */
  public record Head(
      @JsonbProperty("tip_seq") @Schema(name = "tip_seq") long tipSeq,
      boolean terminal,
      @JsonbProperty("last_write_at") @Schema(name = "last_write_at") long lastWriteAt) {}

  @POST
  @Path("events")
  @PermitAll
  @ProducerAuthenticated
  @SecurityRequirementsSet
  @Consumes(MediaType.APPLICATION_JSON)
  @ValidationProblem("invalid-event")
  @Operation(
      summary = "Append an event (external producers)",
      description =
          "Authenticated by header X-KSP-Producer-Token = lowercase hex HMAC-SHA256(key = the"
              + " configured producer secret, message = the stream id), no JWT. The first event to"
              + " an unknown stream id opens it. Answers the event's seq, gap-free from 1.")
  @Parameter(
      name = ProducerTokenFilter.HEADER,
      in = ParameterIn.HEADER,
      required = true,
      description = "Lowercase hex HMAC-SHA256 of the stream id")
  @APIResponse(
      responseCode = "201",
      description = "Appended",
      content = @Content(schema = @Schema(ref = "Appended")))
  @APIResponse(
      responseCode = "401",
      description = "bad-producer-token: missing or wrong token, or no secret configured",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "stream-terminal: the stream has ended; nothing was appended",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "413",
      description = "payload-too-large",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response append(
      @PathParam("streamId") String streamId, @NotNull EventWriteRequest request) {
    StreamId id = StreamId.of(streamId);
    EventWriteRequest body = request;
    if (body.payload() != null
        && JsonValues.write(body.payload()).length() > ProducerTokenFilter.MAX_BODY_BYTES) {
      throw new KspException(
          "payload-too-large", FailureKind.PAYLOAD_TOO_LARGE, "The event payload is too large.");
    }
    BufferedEvent appended = buffers.append(body.toEventWrite().toDomainEvent(id));
    return Response.created(
            uriInfo
                .getBaseUriBuilder()
                .path("streams/{streamId}/replay")
                .queryParam("after", appended.seq() - 1)
                .build(streamId))
        .entity(new Appended(appended.seq()))
        .build();
  }

  @GET
  @Path("replay")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary = "Replay the events after a cursor",
      description =
          "Rows in ascending seq, filtered by streams (csv, default sessionEvents) and by run_id /"
              + " assembly_id; tip_seq and terminal from the same snapshot. After the buffer of an"
              + " ended session expired, rows come from the durable log.")
  @APIResponse(
      responseCode = "200",
      description = "The replay",
      content = @Content(schema = @Schema(implementation = Replay.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-id, invalid-cursor (after is not a non-negative integer)," + " invalid-request",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "404",
      description = "stream-not-found",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "410",
      description =
          "replay-unavailable: the buffer of an unfinished session expired; members code"
              + " REPLAY_UNAVAILABLE, fromSeq, guidance, grpcMethod",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Replay replay(
      @PathParam("streamId") String streamId,
      @Parameter(description = "The last seq the client has (events after it are sent); default 0")
          @QueryParam("after")
          String after,
      @Parameter(description = "sessionEvents, artifactWrites, beadUpdates (csv)")
          @QueryParam("streams")
          String streams,
      @QueryParam("run_id") String runId,
      @QueryParam("assembly_id") String assemblyId,
      @Parameter(description = "Most rows to answer (default and maximum ksp.stream.replay-limit)")
          @QueryParam("limit")
          Integer limit) {
    StreamId id = StreamId.of(streamId);
    long cursor = ReplayCursor.parse("query.after", after);
    ReplayFilter filter = ReplayFilter.parse(streams, runId, assemblyId);
    int max = settings.replayLimit();
    if (limit != null && limit < 1) {
      throw new InvalidInputException("invalid-request", "query.limit", "must be at least 1");
    }
    ReplayEnvelope r =
        reads.replay(
            id.value(), cursor, filter, limit == null ? max : Math.min(limit, max), reader());
    return new Replay(
        r.rows().stream().map(EventView::of).toList(), r.tipSeq(), r.terminal(), r.truncated());
  }

  @GET
  @Path("head")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "The stream's tip seq, whether it ended, and its last write (epoch ms)")
  @APIResponse(
      responseCode = "200",
      description = "The head",
      content = @Content(schema = @Schema(implementation = Head.class)))
  @APIResponse(
      responseCode = "404",
      description = "stream-not-found",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Head head(@PathParam("streamId") String streamId) {
    BufferHead h = reads.head(StreamId.of(streamId).value(), reader());
    return new Head(h.tipSeq(), h.terminal(), h.lastWriteAt());
  }

  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary = "Follow the stream as Server-Sent Events",
      description =
          "Replays the events after the cursor (header Last-Event-ID, else ?after=, else 0), then"
              + " sends live ones; each SSE event has id = seq and data = the BufferedEvent JSON."
              + " Comments keep the connection alive. After the terminal event an event named"
              + " 'end' (data {reason}) is sent and the connection closes; the same happens with"
              + " reason REPLAY_WINDOW_EXPIRED when the buffer expires.")
  @APIResponse(responseCode = "200", description = "text/event-stream")
  @APIResponse(
      responseCode = "404",
      description = "stream-not-found",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "410",
      description = "replay-unavailable",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public void events(
      @PathParam("streamId") String streamId,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @QueryParam("after") String after,
      @QueryParam("streams") String streams,
      @QueryParam("run_id") String runId,
      @QueryParam("assembly_id") String assemblyId,
      @Context SseEventSink sink,
      @Context Sse sse) {
    StreamId id = StreamId.of(streamId);
    long cursor =
        lastEventId != null && !lastEventId.isBlank()
            ? ReplayCursor.parse("header.Last-Event-ID", lastEventId.trim())
            : ReplayCursor.parse("query.after", after);
    ReplayFilter filter = ReplayFilter.parse(streams, runId, assemblyId);
    SseDelivery delivery = new SseDelivery(sink, sse);
    delivery.attach(live.subscribe(id.value(), cursor, filter, reader(), delivery));
  }

  private StreamReader reader() {
    return new StreamReader(caller.isAdmin(), new HashSet<>(caller.orgs()));
  }
}
