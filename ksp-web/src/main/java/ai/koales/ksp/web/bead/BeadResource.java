package ai.koales.ksp.web.bead;

import ai.koales.ksp.domain.bead.CacheKeys;
import ai.koales.ksp.domain.bead.KnowingStateSnapshot;
import ai.koales.ksp.persistence.bead.BeadGraphService;
import ai.koales.ksp.persistence.bead.BeadIntegrityCheck;
import ai.koales.ksp.web.platform.Caller;
import ai.koales.ksp.web.platform.Listing;
import ai.koales.ksp.web.platform.Required;
import ai.koales.ksp.web.platform.Roles;
import ai.koales.ksp.web.platform.ValidationProblem;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The bead graph of an org (api.md "Beads"). */
@Path("orgs/{org}")
@RequestScoped
@LimitedBeadBody
@Tag(name = "Beads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BeadResource {

  @Inject BeadGraphService beads;
  @Inject Caller caller;
  @Context UriInfo uri;

  @PathParam("org")
  String org;

  /** A governance bead to record. */
  public record BeadRequest(
      @Required String type,
      @NotNull Map<String, Object> content,
      List<String> parentIds,
      String beadId,
      String supersedes) {}

  /** What a write returns. */
  public record Recorded(String beadId, String auditBeadId, boolean created) {}

  @POST
  @Path("beads")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @ValidationProblem("bead-validation")
  @Operation(
      summary = "Record a policy, trust, consent, escalation or amendment bead with its audit bead")
  @APIResponse(responseCode = "201", description = "Recorded; Location names the bead")
  @APIResponse(responseCode = "200", description = "The same bead already existed (created: false)")
  @APIResponse(
      responseCode = "400",
      description = "bead-validation (with errors), bead-type-not-writable, malformed-json")
  @APIResponse(responseCode = "409", description = "already-superseded")
  @APIResponse(
      responseCode = "413",
      description =
          "payload-too-large: content over 256 KiB of canonical JSON, or a body over ksp.bead.max-body-bytes (1 MiB), refused before parsing")
  @APIResponse(
      responseCode = "422",
      description = "bead-integrity, unknown-parent, invalid-supersede")
  public Response record(@Valid @NotNull BeadRequest request) {
    BeadGraphService.Recorded r =
        beads.recordGovernanceBead(
            org,
            request.type(),
            request.content(),
            request.parentIds(),
            request.beadId(),
            request.supersedes(),
            caller.subject());
    Recorded body = new Recorded(r.beadId(), r.auditBeadId(), r.created());
    if (!r.created()) {
      return Response.ok(body).build();
    }
    return Response.created(
            uri.getBaseUriBuilder().path("orgs/{org}/beads/{id}").build(org, r.beadId()))
        .entity(body)
        .build();
  }

  @GET
  @Path("beads/{beadId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "A bead by id, with its parents")
  @APIResponse(responseCode = "404", description = "bead-not-found")
  public BeadView bead(@PathParam("beadId") String beadId) {
    return BeadView.of(beads.bead(org, beadId));
  }

  @GET
  @Path("beads")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "Beads of the org, newest first, by type, subject and status")
  public Listing<BeadView> list(
      @QueryParam("type") String type,
      @QueryParam("subjectId") String subjectId,
      @QueryParam("status") String status,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    BeadGraphService.Page page =
        beads.list(org, type, subjectId, status, cursor, Listing.limit(limit));
    return new Listing<>(BeadView.of(page.items()), page.nextCursor());
  }

  @GET
  @Path("trust/{subjectId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "The subject's current trust bead (no incoming supersedes)")
  @APIResponse(responseCode = "404", description = "no-trust-head")
  public BeadView trust(@PathParam("subjectId") String subjectId) {
    return BeadView.of(beads.currentTrust(org, subjectId));
  }

  @GET
  @Path("trust/{subjectId}/lineage")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "The subject's trust beads and the amendments targeting them, oldest first")
  @APIResponse(responseCode = "400", description = "invalid-request (limit), invalid-cursor")
  public Listing<BeadView> trustLineage(
      @PathParam("subjectId") String subjectId,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    return Listing.page(
        BeadView.of(beads.trustLineage(org, subjectId)), BeadView::pageKey, true, cursor, limit);
  }

  @GET
  @Path("consents/{roleId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "The role's active consent bead")
  @APIResponse(responseCode = "404", description = "no-active-consent")
  public BeadView consent(@PathParam("roleId") String roleId) {
    return BeadView.of(beads.activeConsent(org, roleId));
  }

  @GET
  @Path("amendments")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "Open amendments: PENDING and not superseded, newest first (status=open)")
  @APIResponse(
      responseCode = "400",
      description = "invalid-request: status other than open, or limit; invalid-cursor")
  public Listing<BeadView> amendments(
      @QueryParam("status") String status,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    if (status != null && !"open".equals(status)) {
      throw new ai.koales.ksp.domain.shared.InvalidInputException(
          "invalid-request", "status", "only status=open is supported");
    }
    return Listing.page(
        BeadView.of(beads.openAmendments(org)), BeadView::pageKey, false, cursor, limit);
  }

  /** The knowing state of a role (contents only). */
  public record KnowingStateView(
      Map<String, Object> policy,
      List<Map<String, Object>> trustedSubjects,
      Map<String, Object> consent,
      Instant retrievedAt) {

    static KnowingStateView of(KnowingStateSnapshot s) {
      var ks = s.knowingState();
      return new KnowingStateView(
          ks.policy(), ks.trustedSubjects(), ks.consent(), Instant.ofEpochMilli(ks.retrievedAt()));
    }
  }

  @GET
  @Path("knowing-state")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary =
          "The knowing state of a role: policy in force, trusted subjects (best first), active consent")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-request: roleId missing or not an id without ':', category blank or containing ':' or '*'")
  public KnowingStateView knowingState(
      @QueryParam("roleId") String roleId, @QueryParam("category") String category) {
    CacheKeys.requireRoleId("roleId", roleId);
    CacheKeys.requireCategory("category", category);
    return KnowingStateView.of(beads.knowingState(org, roleId, category));
  }

  /** The integrity check's report. */
  public record Integrity(long checked, List<BeadIntegrityCheck.Mismatch> mismatches) {}

  @GET
  @Path("integrity")
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary =
          "Recompute every bead id of the org and check every stored row and edge against what the write path stores; each mismatch names the bead and its kind (id, content-form, parent-edges, column, missing-audit, audit-mismatch, supersedes, revokes)")
  public Integrity integrity() {
    BeadIntegrityCheck.Report r = beads.verify(org);
    return new Integrity(r.checked(), r.mismatches());
  }
}
