package ai.koales.ksp.web.loop;

import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.loop.ExecutionReport;
import ai.koales.ksp.domain.loop.OutcomeReport;
import ai.koales.ksp.domain.loop.OutcomeStatus;
import ai.koales.ksp.domain.loop.TraceFacts;
import ai.koales.ksp.domain.loop.VerificationResult;
import ai.koales.ksp.persistence.loop.LoopClosure;
import ai.koales.ksp.persistence.loop.LoopResults;
import ai.koales.ksp.web.bead.SessionResource;
import ai.koales.ksp.web.platform.Caller;
import ai.koales.ksp.web.platform.Fraction;
import ai.koales.ksp.web.platform.NonNegative;
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
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The bridge points BP1-BP5 (api.md "Loop closure", core.md §4.4). BP2-BP4 are idempotent: a repeat
 * that finds what the first call wrote answers 200 with the same body, the first 201 (api.md
 * "Conventions").
 */
@Path("orgs/{org}/loop")
@RequestScoped
@Tag(name = "Loop closure")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LoopResource {

  static final String ID = "[A-Za-z0-9_.:-]{1,200}";

  @Inject LoopClosure loop;
  @Inject Caller caller;
  @Context UriInfo uri;

  @PathParam("org")
  String org;

  /** BP1's request. */
  public record OpenRequest(
      // A role id is a segment of the knowing-state cache key: the sessions' rule (no ':').
      @Required @Pattern(regexp = SessionResource.ROLE_ID) String roleId,
      @Required @Pattern(regexp = ID) String agentId,
      @Pattern(regexp = ID) String graph) {}

  /** BP1's answer. */
  @Schema(name = "LoopSession", description = "A loop session, born retrieved (BP1)")
  public record LoopSession(
      String sessionId,
      String autonomyFloor,
      String policyBeadId,
      String trustBeadId,
      String activeSpecificationId,
      Instant ksRetrievedAt) {}

  @POST
  @Path("sessions")
  @RolesAllowed({Roles.ADMIN, Roles.AGENT})
  @Operation(
      summary =
          "BP1: open a loop session; its autonomy floor comes from a real retrieval (SUGGEST without policy or on failure)")
  @APIResponse(
      responseCode = "201",
      description = "Opened; Location names the session (GET /orgs/{org}/sessions/{id})",
      content = @Content(schema = @Schema(implementation = LoopSession.class)))
  @APIResponse(
      responseCode = "400",
      description = "invalid-request (with errors: roleId or agentId missing or malformed)")
  public Response openSession(@Valid @NotNull OpenRequest r) {
    KnowingStateSession s = loop.openSession(org, r.roleId(), r.agentId(), r.graph());
    LoopSession body =
        new LoopSession(
            s.sessionId(),
            s.autonomyFloor().name(),
            s.policyBeadId(),
            s.trustBeadId(),
            s.activeSpecificationId(),
            Instant.ofEpochMilli(s.ksRetrievedAt()));
    return Response.created(
            uri.getBaseUriBuilder().path("orgs/{org}/sessions/{id}").build(org, s.sessionId()))
        .entity(body)
        .build();
  }

  /** BP2's request (core.md §1.5 ExecutionContent). */
  public record ExecutionRequest(
      @Required String domain,
      @Required String action,
      @NonNegative int toolCallCount,
      String status,
      String summary,
      @Pattern(regexp = ID) String idempotencyKey) {}

  /** BP2's answer. */
  @Schema(name = "LoopExecution", description = "The Execution node and its execution bead (BP2)")
  public record ExecutionView(String executionNodeId, String executionBeadId) {}

  @POST
  @Path("sessions/{sessionId}/executions")
  @RolesAllowed({Roles.ADMIN, Roles.AGENT})
  @Operation(
      summary =
          "BP2: record an execution: the Execution node (governed by the active specification), then its bead")
  @APIResponse(
      responseCode = "201",
      description = "Recorded; Location names the execution bead",
      content = @Content(schema = @Schema(implementation = ExecutionView.class)))
  @APIResponse(
      responseCode = "200",
      description =
          "A repeat (the same content, or the same idempotencyKey) found what the first call wrote: the same body",
      content = @Content(schema = @Schema(implementation = ExecutionView.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-request (with errors: domain or action missing, negative toolCallCount, malformed idempotencyKey), bead-validation")
  @APIResponse(
      responseCode = "404",
      description = "session-not-found: unknown or expired session, or another org's")
  @APIResponse(
      responseCode = "413",
      description = "payload-too-large: the bead content or node data exceed 256 KiB")
  public Response recordExecution(
      @PathParam("sessionId") String sessionId, @Valid @NotNull ExecutionRequest r) {
    LoopResults.ExecutionRecorded e =
        loop.recordExecution(
            org,
            sessionId,
            new ExecutionReport(
                r.domain(),
                r.action(),
                r.toolCallCount(),
                r.status(),
                r.summary(),
                r.idempotencyKey()));
    return createdOrRepeated(
        e.created(),
        uri.getBaseUriBuilder().path("orgs/{org}/beads/{id}").build(org, e.executionBeadId()),
        new ExecutionView(e.executionNodeId(), e.executionBeadId()));
  }

  /** One invariant detector that fired during the atom. */
  public record DetectorFiring(@Required String invId, String severity, String message) {}

  /** The atom's trace, read by the divergence detector (core.md §6 item 11). */
  public record Trace(
      String atomId,
      String outcome,
      boolean attemptsExhausted,
      List<@Valid DetectorFiring> detectorFirings) {}

  /** BP3's request. */
  public record OutcomeRequest(
      @Required String executionBeadId,
      @NonNegative int toolCallCount,
      @Required String status,
      String summary,
      @Valid Trace trace) {}

  /** BP3's answer. */
  @Schema(
      name = "LoopOutcome",
      description =
          "The outcome bead, the trace node and the divergences detected in it, first one first (BP3)")
  public record OutcomeView(
      String outcomeBeadId,
      String traceNodeId,
      List<String> divergenceIds,
      boolean triggersAmendment) {}

  @POST
  @Path("sessions/{sessionId}/outcomes")
  @RolesAllowed({Roles.ADMIN, Roles.AGENT})
  @Operation(
      summary =
          "BP3: record an outcome: trace, detected divergences, outcome bead (an unknown execution is anchored)")
  @APIResponse(
      responseCode = "201",
      description = "Recorded; Location names the outcome bead",
      content = @Content(schema = @Schema(implementation = OutcomeView.class)))
  @APIResponse(
      responseCode = "200",
      description = "A repeat found the outcome the first call recorded: the same body",
      content = @Content(schema = @Schema(implementation = OutcomeView.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "bead-validation: status is not SUCCESS, PARTIAL, FAILURE, DISPUTED, done or failed; invalid-request (with errors)")
  @APIResponse(
      responseCode = "404",
      description = "session-not-found: unknown or expired session, or another org's")
  @APIResponse(
      responseCode = "413",
      description = "payload-too-large: the bead content or node data exceed 256 KiB")
  public Response recordOutcome(
      @PathParam("sessionId") String sessionId, @Valid @NotNull OutcomeRequest r) {
    Optional<TraceFacts> trace =
        Optional.ofNullable(r.trace())
            .map(
                t ->
                    new TraceFacts(
                        t.atomId(),
                        t.outcome(),
                        t.attemptsExhausted(),
                        t.detectorFirings() == null
                            ? List.of()
                            : t.detectorFirings().stream()
                                .map(
                                    f ->
                                        new TraceFacts.DetectorFiring(
                                            f.invId(), f.severity(), f.message()))
                                .toList()));
    LoopResults.OutcomeRecorded o =
        loop.recordOutcome(
            org,
            sessionId,
            r.executionBeadId(),
            new OutcomeReport(
                r.toolCallCount(),
                OutcomeStatus.parse("status", r.status()),
                r.summary(),
                trace,
                null));
    return createdOrRepeated(
        o.created(),
        uri.getBaseUriBuilder().path("orgs/{org}/beads/{id}").build(org, o.outcomeBeadId()),
        new OutcomeView(
            o.outcomeBeadId(), o.traceNodeId(), o.divergenceIds(), o.triggersAmendment()));
  }

  /** BP4's request. */
  public record ProposalRequest(
      @Required @Pattern(regexp = ID) String divergenceId,
      @Required String outcomeBeadId,
      String targetBeadId,
      Map<String, Object> proposedChange,
      @Pattern(regexp = ID) String graph) {}

  /** BP4's answer. */
  @Schema(
      name = "LoopAmendment",
      description = "The Amendment node, its PENDING amendment bead and the Hypothesis node (BP4)")
  public record ProposalView(
      String amendmentNodeId, String amendmentBeadId, String hypothesisNodeId) {}

  @POST
  @Path("amendments")
  @RolesAllowed({Roles.ADMIN, Roles.AGENT, Roles.OPERATOR})
  @Operation(
      summary =
          "BP4: propose an amendment of a trust or policy bead from a divergence: hypothesis, Amendment node, PENDING bead")
  @APIResponse(
      responseCode = "201",
      description = "Proposed; Location names the PENDING amendment bead",
      content = @Content(schema = @Schema(implementation = ProposalView.class)))
  @APIResponse(
      responseCode = "200",
      description = "A repeat found the amendment the first call proposed: the same body",
      content = @Content(schema = @Schema(implementation = ProposalView.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "bead-validation (with errors naming proposedChange.<member>): adopting the proposed change would give the target's successor an invalid schema; invalid-request")
  @APIResponse(
      responseCode = "404",
      description = "node-not-found (divergence), bead-not-found (outcome or named target)")
  @APIResponse(
      responseCode = "413",
      description = "payload-too-large: the amendment bead's content exceeds 256 KiB")
  @APIResponse(
      responseCode = "422",
      description =
          "no-amendment-target (no trust or policy bead to amend), unanchored-divergence (no trace evidences the divergence, or its trace diverges from no specification), not-a-divergence")
  public Response propose(@Valid @NotNull ProposalRequest r) {
    LoopResults.AmendmentProposed p =
        loop.proposeAmendment(
            org,
            r.graph(),
            new LoopResults.AmendmentProposal(
                r.divergenceId(), r.outcomeBeadId(), r.targetBeadId(), r.proposedChange()));
    return createdOrRepeated(
        p.created(),
        uri.getBaseUriBuilder().path("orgs/{org}/beads/{id}").build(org, p.amendmentBeadId()),
        new ProposalView(p.amendmentNodeId(), p.amendmentBeadId(), p.hypothesisNodeId()));
  }

  /** A verification made elsewhere; without one the server's verifier decides. */
  public record Verification(
      @NotNull Boolean passed, @Required String gate, @NotNull @Fraction Double score) {}

  /** BP5's request. */
  public record AdoptionRequest(
      @Required String amendmentBeadId,
      @Valid Verification verification,
      @Pattern(regexp = ID) String graph) {}

  /** BP5's answer: {adopted: true, ...} or {adopted: false, rejectedBeadId}. */
  @Schema(
      name = "LoopAdoption",
      description =
          "adopted: true with newSpecificationId, newBeadId and approvedBeadId; adopted: false with rejectedBeadId (BP5)")
  public record Adoption(
      Boolean adopted,
      String newSpecificationId,
      String newBeadId,
      String approvedBeadId,
      String rejectedBeadId) {}

  @POST
  @Path("amendments/{amendmentNodeId}/adoption")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary =
          "BP5: verify and adopt (new specification version, superseding trust/policy bead, APPROVED bead) or reject")
  @APIResponse(
      responseCode = "200",
      description = "Adopted or rejected; the caller is recorded as reviewer",
      content = @Content(schema = @Schema(implementation = Adoption.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "bead-validation: the amendment bead bridges to another Amendment node, or the adopted successor would be invalid; invalid-request (with errors: verification incomplete, score outside 0..1)")
  @APIResponse(
      responseCode = "404",
      description =
          "bead-not-found (the amendment bead or its target), node-not-found (the Amendment node)")
  @APIResponse(
      responseCode = "409",
      description =
          "amendment-already-resolved (an APPROVED or REJECTED bead supersedes it; nothing is written), amendment-target-superseded (adoption refused: another bead already supersedes the target, e.g. a second amendment of it; the problem names currentHeadBeadId; rejecting it with verification.passed = false still works)")
  @APIResponse(
      responseCode = "422",
      description =
          "unanchored-amendment: the Amendment node proposes a modification of no specification")
  public Adoption adopt(
      @PathParam("amendmentNodeId") String amendmentNodeId, @Valid @NotNull AdoptionRequest r) {
    VerificationResult given =
        r.verification() == null
            ? null
            : new VerificationResult(
                r.verification().passed(), r.verification().gate(), r.verification().score());
    LoopResults.AdoptionResult a =
        loop.adoptAmendment(
            org, r.graph(), amendmentNodeId, r.amendmentBeadId(), caller.subject(), given);
    return new Adoption(
        a.adopted(), a.newSpecificationId(), a.newBeadId(), a.approvedBeadId(), a.rejectedBeadId());
  }

  /** 201 + Location for what this call wrote; 200 with the same body for a repeat. */
  private static Response createdOrRepeated(boolean created, URI location, Object body) {
    return created ? Response.created(location).entity(body).build() : Response.ok(body).build();
  }
}
