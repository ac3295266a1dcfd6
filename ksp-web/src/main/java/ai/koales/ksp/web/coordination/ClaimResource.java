package ai.koales.ksp.web.coordination;

import ai.koales.ksp.domain.coordination.RoleName;
import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.persistence.coordination.NextReadyClaims;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** "Give me the next ready bead" across the org's external runs (api.md {@code POST /claims}). */
@Path("orgs/{org}/claims")
@RequestScoped
@Tag(name = "Coordination: agent hooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AGENT})
public class ClaimResource {

  @Inject NextReadyClaims claims;
  @Context UriInfo uri;

  @PathParam("org")
  String org;

  /** The agent and the roles it can play (planner, coder, critic, tester, verifier; none: any). */
  public record NextClaimRequest(
      @Required @Pattern(regexp = AgentHookResource.ID) String agentId, List<String> roles) {}

  @POST
  @Operation(
      summary =
          "Claim the oldest ready bead (parents all DONE) of any external run of the org whose"
              + " role the agent plays")
  @APIResponse(responseCode = "201", description = "The claim, as for a claim of one bead")
  @APIResponse(responseCode = "204", description = "Nothing is ready for these roles")
  @APIResponse(
      responseCode = "503",
      description = "knowing-state-unavailable: the session's retrieval failed; nothing claimed")
  public Response claimNext(@Valid @NotNull NextClaimRequest request) {
    Set<String> roles = new LinkedHashSet<>();
    List<FieldViolation> bad = new ArrayList<>();
    List<String> given = request.roles() == null ? List.of() : request.roles();
    for (int i = 0; i < given.size(); i++) {
      String r = given.get(i);
      if (RoleName.parse(r).isEmpty()) {
        bad.add(new FieldViolation("roles[" + i + "]", "must be one of " + RoleName.allowed()));
      } else {
        roles.add(r);
      }
    }
    if (!bad.isEmpty()) {
      throw new InvalidInputException("invalid-request", bad);
    }
    return claims
        .claimNext(org, request.agentId(), roles)
        .map(
            r ->
                Response.created(
                        uri.getBaseUriBuilder()
                            .path("orgs/{org}/runs/{runId}/beads/{beadId}")
                            .build(org, r.runId(), r.beadId()))
                    .entity(ClaimView.of(r.claim()))
                    .build())
        .orElseGet(() -> Response.noContent().build());
  }
}
