package ai.koales.ksp.web.loop;

import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.loop.ExecutionReport;
import ai.koales.ksp.domain.loop.OutcomeReport;
import ai.koales.ksp.domain.loop.OutcomeStatus;
import ai.koales.ksp.domain.loop.TraceFacts;
import ai.koales.ksp.domain.loop.VerificationResult;
import ai.koales.ksp.persistence.loop.LoopClosure;
import ai.koales.ksp.persistence.loop.LoopResults;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The bridge points BP1-BP5 (api.md "Loop closure", core.md §4.4). */
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
      @Required @Pattern(regexp = ID) String roleId,
      @Required @Pattern(regexp = ID) String agentId,
      @Pattern(regexp = ID) String graph) {}

  /** BP1's answer. */
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
      description = "Opened; Location names the session (GET /orgs/{org}/sessions/{id})")
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

  @POST
  @Path("sessions/{sessionId}/executions")
  @RolesAllowed({Roles.ADMIN, Roles.AGENT})
  @Operation(
      summary =
          "BP2: record an execution: the Execution node (governed by the active specification), then its bead")
  @APIResponse(
      responseCode = "201",
      description =
          "Recorded (a retry with the same content or idempotencyKey returns the same ids)")
  @APIResponse(responseCode = "404", description = "session-not-found")
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
    return Response.created(
            uri.getBaseUriBuilder().path("orgs/{org}/beads/{id}").build(org, e.executionBeadId()))
        .entity(e)
        .build();
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

  @POST
  @Path("sessions/{sessionId}/outcomes")
  @RolesAllowed({Roles.ADMIN, Roles.AGENT})
  @Operation(
      summary =
          "BP3: record an outcome: trace, detected divergences, outcome bead (an unknown execution is anchored)")
  @APIResponse(responseCode = "201", description = "Recorded")
  @APIResponse(
      responseCode = "400",
      description =
          "bead-validation: status is not SUCCESS, PARTIAL, FAILURE, DISPUTED, done or failed")
  @APIResponse(responseCode = "404", description = "session-not-found")
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
    return Response.created(
            uri.getBaseUriBuilder().path("orgs/{org}/beads/{id}").build(org, o.outcomeBeadId()))
        .entity(o)
        .build();
  }

  /** BP4's request. */
  public record ProposalRequest(
      @Required @Pattern(regexp = ID) String divergenceId,
      @Required String outcomeBeadId,
      String targetBeadId,
      Map<String, Object> proposedChange,
      @Pattern(regexp = ID) String graph) {}

  @POST
  @Path("amendments")
  @RolesAllowed({Roles.ADMIN, Roles.AGENT, Roles.OPERATOR})
  @Operation(
      summary =
          "BP4: propose an amendment of a trust or policy bead from a divergence: hypothesis, Amendment node, PENDING bead")
  @APIResponse(responseCode = "201", description = "Proposed")
  @APIResponse(
      responseCode = "404",
      description = "node-not-found (divergence), bead-not-found (outcome or named target)")
  @APIResponse(responseCode = "422", description = "no-amendment-target, no-active-specification")
  public Response propose(@Valid @NotNull ProposalRequest r) {
    LoopResults.AmendmentProposed p =
        loop.proposeAmendment(
            org,
            r.graph(),
            new LoopResults.AmendmentProposal(
                r.divergenceId(), r.outcomeBeadId(), r.targetBeadId(), r.proposedChange()));
    return Response.created(
            uri.getBaseUriBuilder().path("orgs/{org}/beads/{id}").build(org, p.amendmentBeadId()))
        .entity(p)
        .build();
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
      description = "Adopted or rejected; the caller is recorded as reviewer")
  @APIResponse(responseCode = "404", description = "bead-not-found, node-not-found")
  @APIResponse(responseCode = "409", description = "amendment-already-resolved")
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
}
