package ai.koales.ksp.web.coordination;

import ai.koales.ksp.domain.coordination.BeadSeed;
import ai.koales.ksp.domain.coordination.BeadStatus;
import ai.koales.ksp.domain.coordination.ExecutorKind;
import ai.koales.ksp.domain.coordination.InitResult;
import ai.koales.ksp.domain.coordination.SeedResult;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.persistence.coordination.CoordinationService;
import ai.koales.ksp.web.coordination.CoordinationViews.AuditView;
import ai.koales.ksp.web.coordination.CoordinationViews.BeadView;
import ai.koales.ksp.web.coordination.CoordinationViews.DispatchView;
import ai.koales.ksp.web.coordination.CoordinationViews.MoleculeView;
import ai.koales.ksp.web.coordination.CoordinationViews.RunView;
import ai.koales.ksp.web.coordination.CoordinationViews.ToolCallView;
import ai.koales.ksp.web.platform.Listing;
import ai.koales.ksp.web.platform.MaxSize;
import ai.koales.ksp.web.platform.Required;
import ai.koales.ksp.web.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs of an org and their beads (api.md "Coordination", coordination.md §4.1). */
@Path("orgs/{org}/runs")
@RequestScoped
@Tag(name = "Coordination: runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RunResource {

  @Inject CoordinationService coordination;
  @Context UriInfo uri;

  @PathParam("org")
  String org;

  /** An init: the run id, who executes it (external by default), and its failure policy (Q2). */
  public record InitRequest(@Required String runId, String executor, Boolean continueOnFailure) {}

  @POST
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary =
          "Initialise a run (idempotent): executor external (default) or builtin; continueOnFailure"
              + " lets children of a FAILED bead run (default: they are blocked)")
  @APIResponse(responseCode = "201", description = "Created; Location names the run")
  @APIResponse(responseCode = "200", description = "The run already existed with these settings")
  @APIResponse(
      responseCode = "409",
      description = "run-conflict: the id belongs to another org, or exists with other settings")
  public Response init(@Valid @NotNull InitRequest request) {
    ExecutorKind executor =
        request.executor() == null
            ? ExecutorKind.EXTERNAL
            : ExecutorKind.parse(request.executor())
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "invalid-request", "executor", "must be external or builtin"));
    InitResult r =
        coordination.init(
            org, request.runId(), executor, Boolean.TRUE.equals(request.continueOnFailure()));
    RunView view = RunView.of(coordination.run(org, r.run().runId()));
    if (!r.created()) {
      return Response.ok(view).build();
    }
    return Response.created(uri.getAbsolutePathBuilder().path(r.run().runId()).build())
        .entity(view)
        .build();
  }

  @GET
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "The org's runs, newest first")
  @APIResponse(responseCode = "400", description = "invalid-request (limit), invalid-cursor")
  public Listing<RunView> list(
      @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
    CoordinationService.Page<CoordinationService.RunState> page =
        coordination.runs(org, cursor, Listing.limit(limit));
    return new Listing<>(page.items().stream().map(RunView::of).toList(), page.nextCursor());
  }

  @GET
  @Path("{runId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "A run: its status (coordination.md §3.3) and bead counts")
  @APIResponse(responseCode = "404", description = "run-not-found")
  public RunView run(@PathParam("runId") String runId) {
    return RunView.of(coordination.run(org, runId));
  }

  /** One bead of a seed: its id, gear, artifact node, directive payload and parents. */
  public record SeedBead(
      @Required String id,
      @Required String gearId,
      String nodeId,
      Object payload,
      List<String> dependsOn) {}

  /**
   * A seed request; {@code formulaId} (optional) names the registered formula the molecule follows
   * (coordination.md §1.3): every bead's gear must be one of its gears.
   */
  public record SeedRequest(
      @NotNull @MaxSize(10_000) List<@NotNull @Valid SeedBead> beads, String formulaId) {}

  /** What a seed did. */
  public record SeedView(int seeded, int existing) {}

  @POST
  @Path("{runId}/molecules/{moleculeId}/beads")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary =
          "Seed beads of a molecule in one transaction: missing beads are inserted (READY),"
              + " existing ones kept as they are; beads whose parents are done are dispatched")
  @APIResponse(responseCode = "200", description = "{seeded, existing}")
  @APIResponse(
      responseCode = "400",
      description =
          "unknown-dependency (a dependsOn names no bead of the request or the run),"
              + " dependency-cycle, invalid-request; nothing is stored")
  @APIResponse(responseCode = "404", description = "run-not-found")
  @APIResponse(
      responseCode = "409",
      description =
          "molecule-formula-conflict: the molecule follows another formula, or was seeded"
              + " without one")
  @APIResponse(
      responseCode = "422",
      description =
          "unknown-gear: a gearId is not registered; unknown-formula: formulaId is not registered;"
              + " gear-not-in-formula: a bead's gear is not one of the formula's gears (one error"
              + " per bead)")
  public SeedView seed(
      @PathParam("runId") String runId,
      @PathParam("moleculeId") String moleculeId,
      @Valid @NotNull SeedRequest request) {
    List<BeadSeed> seeds =
        request.beads().stream()
            .map(b -> new BeadSeed(b.id(), b.gearId(), b.nodeId(), b.payload(), b.dependsOn()))
            .toList();
    SeedResult r = coordination.seed(org, runId, moleculeId, seeds, request.formulaId());
    return new SeedView(r.seeded(), r.existing());
  }

  @GET
  @Path("{runId}/molecules/{moleculeId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary =
          "A molecule of the run (GearMolecule): its beads in seeding order, the formula it"
              + " follows (null if its seed named none) and its status: done when every bead is"
              + " DONE, failed once one is FAILED, active otherwise")
  @APIResponse(responseCode = "404", description = "run-not-found, molecule-not-found")
  public MoleculeView molecule(
      @PathParam("runId") String runId, @PathParam("moleculeId") String moleculeId) {
    return MoleculeView.of(coordination.molecule(org, runId, moleculeId));
  }

  @GET
  @Path("{runId}/molecules/{moleculeId}/next")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary = "The molecule's oldest claimable bead (read-only; claiming it is a separate call)")
  @APIResponse(responseCode = "200", description = "The bead")
  @APIResponse(responseCode = "204", description = "No bead of the molecule is claimable now")
  @APIResponse(responseCode = "404", description = "run-not-found")
  @APIResponse(
      responseCode = "422",
      description = "beads-not-seeded: the molecule has no beads (never reported as complete)")
  public Response next(
      @PathParam("runId") String runId, @PathParam("moleculeId") String moleculeId) {
    return coordination
        .next(org, runId, moleculeId)
        .map(b -> Response.ok(BeadView.of(b)).build())
        .orElseGet(() -> Response.noContent().build());
  }

  @GET
  @Path("{runId}/beads")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "The run's beads in seeding order, optionally of one status")
  @APIResponse(responseCode = "404", description = "run-not-found")
  public Listing<BeadView> beads(
      @PathParam("runId") String runId,
      @QueryParam("status") String status,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    BeadStatus s = null;
    if (status != null && !status.isBlank()) {
      s = BeadStatus.parse(status);
      if (s == null) {
        throw new InvalidInputException(
            "invalid-request", "status", "must be READY, IN_PROGRESS, DONE or FAILED");
      }
    }
    CoordinationService.Page<CoordinationService.RunBead> page =
        coordination.beads(org, runId, s, cursor, Listing.limit(limit));
    return new Listing<>(page.items().stream().map(BeadView::of).toList(), page.nextCursor());
  }

  @GET
  @Path("{runId}/beads/{beadId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "One bead of the run")
  @APIResponse(responseCode = "404", description = "run-not-found, bead-not-found")
  public BeadView bead(@PathParam("runId") String runId, @PathParam("beadId") String beadId) {
    return BeadView.of(coordination.bead(org, runId, beadId));
  }

  @GET
  @Path("{runId}/beads/{beadId}/tool-calls")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "The bead's audited tool calls, oldest first (consent audit, I4)")
  @APIResponse(responseCode = "404", description = "run-not-found")
  public Listing<ToolCallView> toolCalls(
      @PathParam("runId") String runId,
      @PathParam("beadId") String beadId,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    return Listing.page(
        coordination.consentAudit(org, runId, beadId).stream().map(ToolCallView::of).toList(),
        ToolCallView::pageKey,
        true,
        cursor,
        limit);
  }

  @GET
  @Path("{runId}/audit")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary =
          "The run's transitions, oldest first: one row per effective transition (claimed, done,"
              + " failed, rescued, timed_out)")
  @APIResponse(responseCode = "404", description = "run-not-found")
  public Listing<AuditView> audit(
      @PathParam("runId") String runId,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    CoordinationService.Page<ai.koales.ksp.persistence.coordination.BeadAuditRow> page =
        coordination.audit(org, runId, cursor, Listing.limit(limit));
    return new Listing<>(page.items().stream().map(AuditView::of).toList(), page.nextCursor());
  }

  @GET
  @Path("{runId}/dispatches")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary =
          "The run's dispatches of ready beads, oldest first: at most one per bead and ready epoch")
  @APIResponse(responseCode = "404", description = "run-not-found")
  public Listing<DispatchView> dispatches(
      @PathParam("runId") String runId,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    return Listing.page(
        coordination.dispatches(org, runId).stream().map(DispatchView::of).toList(),
        DispatchView::pageKey,
        true,
        cursor,
        limit);
  }
}
