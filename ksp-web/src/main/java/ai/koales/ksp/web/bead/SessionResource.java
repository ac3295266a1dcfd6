package ai.koales.ksp.web.bead;

import ai.koales.ksp.domain.bead.KnowingStateSdk;
import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.bead.TrustEvaluation;
import ai.koales.ksp.persistence.bead.KnowingStateSessions;
import ai.koales.ksp.web.platform.Required;
import ai.koales.ksp.web.platform.Roles;
import ai.koales.ksp.web.platform.ValidationProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Knowing-state sessions of agents (api.md "Knowing-state sessions", core.md §4.2). */
@Path("orgs/{org}/sessions")
@RequestScoped
@LimitedBeadBody
@Tag(name = "Knowing-state sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AGENT})
public class SessionResource {

  static final String ID = "[A-Za-z0-9_.:-]{1,200}";

  /** Role ids become cache-key segments, so they follow the org-id rule: no ':' (core.md §6.16). */
  public static final String ROLE_ID = "[A-Za-z0-9_.-]{1,200}";

  @Inject KnowingStateSessions sessions;
  @Context UriInfo uri;

  @PathParam("org")
  String org;

  /** Opens a session for an agent acting in a role. */
  public record OpenRequest(
      @Required @Pattern(regexp = ROLE_ID) String roleId,
      @Required @Pattern(regexp = ID) String agentId) {}

  /** A session as the API shows it. */
  public record SessionView(
      String sessionId,
      String orgId,
      String roleId,
      String agentId,
      String autonomyFloor,
      Instant ksRetrievedAt,
      Instant expiresAt,
      String activeSpecificationId,
      String policyBeadId,
      String trustBeadId) {

    static SessionView of(KnowingStateSession s) {
      return new SessionView(
          s.sessionId(),
          s.orgId(),
          s.roleId(),
          s.agentId(),
          s.autonomyFloor().name(),
          s.ksRetrievedAt() == null ? null : Instant.ofEpochMilli(s.ksRetrievedAt()),
          Instant.ofEpochMilli(s.expiresAt()),
          s.activeSpecificationId(),
          s.policyBeadId(),
          s.trustBeadId());
    }
  }

  @POST
  @Operation(
      summary =
          "Open a session: autonomy floor EXECUTE_FULL until retrieval says otherwise; expires after 24 h idle")
  @APIResponse(responseCode = "201", description = "Opened; Location names the session")
  @APIResponse(
      responseCode = "400",
      description = "invalid-request: roleId or agentId missing or not an id (roleId without ':')")
  public Response open(@Valid @NotNull OpenRequest request) {
    KnowingStateSession s = sessions.open(org, request.roleId(), request.agentId());
    return Response.created(uri.getAbsolutePathBuilder().path(s.sessionId()).build())
        .entity(SessionView.of(s))
        .build();
  }

  @GET
  @Path("{sessionId}")
  @Operation(summary = "The session (knowing-state and loop-closure sessions alike)")
  @APIResponse(responseCode = "404", description = "session-not-found: unknown or expired")
  public SessionView get(@PathParam("sessionId") String sessionId) {
    return SessionView.of(sessions.get(org, sessionId));
  }

  /** Optional category (a trust subject_type) to narrow the trusted subjects. */
  public record RetrieveRequest(String category) {}

  /** A retrieval: the knowing state, its snapshot time, and whether it came from the cache. */
  public record KnowingStateView(
      Map<String, Object> policy,
      List<Map<String, Object>> trustedSubjects,
      Map<String, Object> consent,
      Instant retrievedAt,
      boolean cacheHit) {}

  @POST
  @Path("{sessionId}/knowing-state")
  @Operation(
      summary =
          "Retrieve the knowing state (required before an execution); a failure degrades the session to SUGGEST")
  @APIResponse(
      responseCode = "400",
      description = "invalid-request: category blank, too long, or containing ':' or '*'")
  @APIResponse(responseCode = "404", description = "session-not-found")
  @APIResponse(
      responseCode = "503",
      description = "knowing-state-unavailable: the session is now at SUGGEST")
  public KnowingStateView retrieve(
      @PathParam("sessionId") String sessionId, RetrieveRequest request) {
    String category = request == null ? null : request.category();
    KnowingStateSdk.Retrieval r = sessions.retrieve(org, sessionId, category);
    var ks = r.knowingState();
    return new KnowingStateView(
        ks.policy(),
        ks.trustedSubjects(),
        ks.consent(),
        Instant.ofEpochMilli(ks.retrievedAt()),
        r.cacheHit());
  }

  /** The subject to evaluate. */
  public record TrustRequest(@Required String subjectId) {}

  /** Whether the subject is trusted, its head bead's content, and the autonomy that allows. */
  public record TrustView(boolean trusted, Map<String, Object> trustBead, String autonomy) {}

  @POST
  @Path("{sessionId}/trust-evaluations")
  @Operation(
      summary =
          "Evaluate trust in a subject: its trust head, trusted when APPROVED with a positive score")
  @APIResponse(responseCode = "404", description = "session-not-found")
  public TrustView evaluateTrust(
      @PathParam("sessionId") String sessionId, @Valid @NotNull TrustRequest request) {
    TrustEvaluation e = sessions.evaluateTrust(org, sessionId, request.subjectId());
    return new TrustView(e.trusted(), e.trustBead(), e.autonomy().name());
  }

  /** An execution bead's content (core.md §1.1 execution). */
  public record ExecutionRequest(@NotNull Map<String, Object> content) {}

  /** A bead written through a session. */
  public record Written(String beadId, String auditBeadId) {}

  @POST
  @Path("{sessionId}/executions")
  @ValidationProblem("bead-validation")
  @Operation(
      summary =
          "Record an execution bead; only after retrieval, and never above the session's autonomy floor")
  @APIResponse(responseCode = "201", description = "Recorded; Location names the bead")
  @APIResponse(
      responseCode = "200",
      description = "The same execution bead already existed (idempotent repeat)")
  @APIResponse(responseCode = "400", description = "bead-validation, malformed-json")
  @APIResponse(
      responseCode = "403",
      description = "autonomy-degraded: the requested autonomy_level is above the floor")
  @APIResponse(responseCode = "404", description = "session-not-found")
  @APIResponse(responseCode = "409", description = "session-not-initialized: no retrieval yet")
  @APIResponse(responseCode = "413", description = "payload-too-large")
  public Response writeExecution(
      @PathParam("sessionId") String sessionId, @Valid @NotNull ExecutionRequest request) {
    KnowingStateSdk.Written w = sessions.writeExecution(org, sessionId, request.content());
    Written body = new Written(w.beadId(), w.auditBeadId());
    return w.created()
        ? Response.created(beadUri(w.beadId())).entity(body).build()
        : Response.ok(body).build();
  }

  /** An outcome of an execution (core.md §1.1 outcome). */
  public record OutcomeRequest(
      @Required String executionBeadId, @NotNull Map<String, Object> content) {}

  /** The outcome bead and the amendment it triggered, if any. */
  public record OutcomeWritten(String beadId, String auditBeadId, String amendmentBeadId) {}

  @POST
  @Path("{sessionId}/outcomes")
  @ValidationProblem("bead-validation")
  @Operation(
      summary =
          "Record an outcome bead (parent: the execution); triggers_amendment proposes a PENDING amendment of the execution's trust bead")
  @APIResponse(
      responseCode = "201",
      description = "Recorded; amendmentBeadId is null unless one was proposed")
  @APIResponse(
      responseCode = "200",
      description = "The same outcome bead already existed (idempotent repeat)")
  @APIResponse(responseCode = "400", description = "bead-validation, malformed-json")
  @APIResponse(responseCode = "404", description = "session-not-found")
  @APIResponse(responseCode = "413", description = "payload-too-large")
  @APIResponse(
      responseCode = "422",
      description = "unknown-parent: the execution bead is not in the org")
  public Response writeOutcome(
      @PathParam("sessionId") String sessionId, @Valid @NotNull OutcomeRequest request) {
    KnowingStateSdk.OutcomeWritten w =
        sessions.writeOutcome(org, sessionId, request.executionBeadId(), request.content());
    OutcomeWritten body = new OutcomeWritten(w.beadId(), w.auditBeadId(), w.amendmentBeadId());
    return w.created()
        ? Response.created(beadUri(w.beadId())).entity(body).build()
        : Response.ok(body).build();
  }

  /** Whether the session's role may do {@code action}. */
  public record ConsentView(String action, boolean granted) {}

  @GET
  @Path("{sessionId}/consent")
  @Operation(summary = "Whether the role's active consent grants an action")
  @APIResponse(responseCode = "404", description = "session-not-found")
  public ConsentView consent(
      @PathParam("sessionId") String sessionId, @QueryParam("action") String action) {
    if (action == null || action.isBlank()) {
      throw new ai.koales.ksp.domain.shared.InvalidInputException(
          "invalid-request", "action", "is required");
    }
    return new ConsentView(action, sessions.checkConsent(org, sessionId, action));
  }

  @DELETE
  @Path("{sessionId}")
  @Operation(summary = "Close the session")
  @APIResponse(responseCode = "204", description = "Closed")
  @APIResponse(responseCode = "404", description = "session-not-found")
  public Response close(@PathParam("sessionId") String sessionId) {
    sessions.close(org, sessionId);
    return Response.noContent().build();
  }

  private java.net.URI beadUri(String beadId) {
    return uri.getBaseUriBuilder().path("orgs/{org}/beads/{id}").build(org, beadId);
  }
}
