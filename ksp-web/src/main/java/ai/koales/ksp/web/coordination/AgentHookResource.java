package ai.koales.ksp.web.coordination;

import ai.koales.ksp.domain.coordination.ConsentDecision;
import ai.koales.ksp.persistence.coordination.CoordinationService;
import ai.koales.ksp.web.coordination.CoordinationViews.BeadView;
import ai.koales.ksp.web.coordination.CoordinationViews.ClaimView;
import ai.koales.ksp.web.platform.Required;
import ai.koales.ksp.web.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The agent hooks on one bead (api.md "Coordination", coordination.md §4.1): claim, heartbeat,
 * release, fail and consent. The lease token a claim returns is the holder's authority for every
 * later call (Q9); a call without the current token changes nothing.
 */
@Path("orgs/{org}/runs")
@RequestScoped
@Tag(name = "Coordination: agent hooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AGENT})
public class AgentHookResource {

  static final String ID = "[A-Za-z0-9_.:-]{1,200}";

  @Inject CoordinationService coordination;
  @Context UriInfo uri;

  @PathParam("org")
  String org;

  /** Who claims: the agent's instance id (recorded in the audit, Q9). */
  public record ClaimRequest(@Required @Pattern(regexp = ID) String agentId) {}

  @POST
  @Path("{runId}/beads/{beadId}/claims")
  @Operation(
      summary =
          "Claim a READY bead whose parents are all DONE: opens a knowing-state session for the"
              + " agent in the directive's role and returns the lease")
  @APIResponse(
      responseCode = "201",
      description =
          "The claim: {runId, beadId, leaseToken, attempt, leaseExpiresAt, directive,"
              + " sessionId}")
  @APIResponse(
      responseCode = "409",
      description =
          "already-claimed, not-ready (a parent is not DONE), terminal (DONE or FAILED),"
              + " executor-mismatch (a builtin run)")
  @APIResponse(responseCode = "404", description = "run-not-found, bead-not-found")
  @APIResponse(
      responseCode = "503",
      description = "knowing-state-unavailable: the session's retrieval failed; nothing claimed")
  public Response claim(
      @PathParam("runId") String runId,
      @PathParam("beadId") String beadId,
      @Valid @NotNull ClaimRequest request) {
    ClaimView view =
        ClaimView.of(coordination.claim(org, runId, beadId, request.agentId()).orThrow());
    return Response.created(
            uri.getBaseUriBuilder()
                .path("orgs/{org}/runs/{runId}/beads/{beadId}")
                .build(org, runId, beadId))
        .entity(view)
        .build();
  }

  /** The holder's lease token. */
  public record HeartbeatRequest(@Required String leaseToken) {}

  /** When the lease now expires unless renewed. */
  public record LeaseView(Instant leaseExpiresAt) {}

  @POST
  @Path("{runId}/beads/{beadId}/heartbeat")
  @Operation(summary = "The holder is alive: renews its lease (heartbeat at most 60 s apart)")
  @APIResponse(responseCode = "200", description = "{leaseExpiresAt}")
  @APIResponse(
      responseCode = "409",
      description =
          "lease-lost: not the current holder (e.g. rescued), or the bead is already DONE or"
              + " FAILED (its lease ended)")
  @APIResponse(responseCode = "404", description = "run-not-found, bead-not-found")
  public LeaseView heartbeat(
      @PathParam("runId") String runId,
      @PathParam("beadId") String beadId,
      @Valid @NotNull HeartbeatRequest request) {
    return new LeaseView(
        Instant.ofEpochMilli(coordination.heartbeat(org, runId, beadId, request.leaseToken())));
  }

  /** The holder's release: its lease token and the atom's result (any JSON). */
  public record ReleaseRequest(@Required String leaseToken, Object result) {}

  @POST
  @Path("{runId}/beads/{beadId}/release")
  @Operation(
      summary =
          "The holder finished the atom: DONE, audited once; children that became ready are"
              + " dispatched and the outcome is recorded in the claim's session")
  @APIResponse(responseCode = "200", description = "The bead")
  @APIResponse(
      responseCode = "409",
      description = "lease-lost (not the current holder), terminal (already DONE or FAILED)")
  @APIResponse(responseCode = "404", description = "run-not-found, bead-not-found")
  public BeadView release(
      @PathParam("runId") String runId,
      @PathParam("beadId") String beadId,
      @Valid @NotNull ReleaseRequest request) {
    return BeadView.of(
        coordination.release(org, runId, beadId, request.leaseToken(), request.result()));
  }

  /** The holder's failure: its lease token and the error (any JSON). */
  public record FailRequest(@Required String leaseToken, @NotNull Object error) {}

  @POST
  @Path("{runId}/beads/{beadId}/fail")
  @Operation(
      summary =
          "The holder could not do the atom: FAILED with {error}, audited once; its children stay"
              + " blocked unless the run continues on failure")
  @APIResponse(responseCode = "200", description = "The bead")
  @APIResponse(
      responseCode = "409",
      description = "lease-lost (not the current holder), terminal (already DONE or FAILED)")
  @APIResponse(responseCode = "404", description = "run-not-found, bead-not-found")
  public BeadView fail(
      @PathParam("runId") String runId,
      @PathParam("beadId") String beadId,
      @Valid @NotNull FailRequest request) {
    return BeadView.of(
        coordination.fail(org, runId, beadId, request.leaseToken(), request.error()));
  }

  /** A tool call the holder is about to make. */
  public record ConsentRequest(
      @Required String leaseToken,
      @Required @Pattern(regexp = ID) String toolName,
      @Pattern(regexp = ID) String toolCallId) {}

  /** Whether the tool may run; when not, the bead is FAILED already. */
  public record ConsentView(boolean allowed, String beadStatus) {}

  @POST
  @Path("{runId}/beads/{beadId}/consent")
  @Operation(
      summary =
          "Ask before a tool call: the call is audited first; a tool outside the directive's"
              + " permittedTools is refused and fails the bead (fail-closed consent, I4); a"
              + " tool call is a sign of life and renews the holder's lease like a heartbeat")
  @APIResponse(responseCode = "200", description = "{allowed, beadStatus}")
  @APIResponse(responseCode = "409", description = "lease-lost, terminal")
  @APIResponse(responseCode = "404", description = "run-not-found, bead-not-found")
  public ConsentView consent(
      @PathParam("runId") String runId,
      @PathParam("beadId") String beadId,
      @Valid @NotNull ConsentRequest request) {
    ConsentDecision d =
        coordination.consent(
            org, runId, beadId, request.leaseToken(), request.toolName(), request.toolCallId());
    return new ConsentView(d.allowed(), d.beadStatus().name());
  }
}
