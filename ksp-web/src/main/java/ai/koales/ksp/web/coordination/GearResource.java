package ai.koales.ksp.web.coordination;

import ai.koales.ksp.domain.coordination.Gear;
import ai.koales.ksp.domain.coordination.GearFormula;
import ai.koales.ksp.persistence.coordination.GearService;
import ai.koales.ksp.web.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Gears and formulas of an org (api.md "Coordination", coordination.md §1.3). Every org has the
 * built-in {@code GEAR-default} (role coder, tools read_file and write_file).
 */
@Path("orgs/{org}")
@RequestScoped
@Tag(name = "Coordination: gears and formulas")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GearResource {

  @Inject GearService gears;
  @Context UriInfo uri;

  @PathParam("org")
  String org;

  @PUT
  @Path("gears/{gearId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary =
          "Register or replace a gear: {name, role, modelBinding {role, modelId, thinkingLevel?,"
              + " thinkingBudget?, temperature?}, skillRef, toolPolicy {allowed?, denied?},"
              + " beadType, source_refs?}")
  @APIResponse(responseCode = "201", description = "Registered; the gear with its defaults")
  @APIResponse(responseCode = "200", description = "Replaced")
  @APIResponse(responseCode = "400", description = "invalid-gear (with errors), malformed-json")
  @APIResponse(responseCode = "409", description = "gear-built-in: GEAR-default cannot be replaced")
  public Response putGear(@PathParam("gearId") String gearId, @NotNull Map<String, Object> body) {
    GearService.Put<Gear> put = gears.putGear(org, gearId, body);
    return put.created()
        ? Response.created(uri.getAbsolutePath()).entity(put.value().toMap()).build()
        : Response.ok(put.value().toMap()).build();
  }

  @GET
  @Path("gears/{gearId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "A gear of the org (GEAR-default is always there)")
  @APIResponse(responseCode = "404", description = "gear-not-found")
  public Map<String, Object> gear(@PathParam("gearId") String gearId) {
    return gears.gear(org, gearId).toMap();
  }

  @PUT
  @Path("formulas/{formulaId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary =
          "Register or replace a formula: {name, gearIds, edges [{from, to, type}], source_refs?};"
              + " every gear must be registered")
  @APIResponse(responseCode = "201", description = "Registered")
  @APIResponse(responseCode = "200", description = "Replaced")
  @APIResponse(responseCode = "400", description = "invalid-formula (with errors), malformed-json")
  @APIResponse(responseCode = "422", description = "unknown-gear")
  public Response putFormula(
      @PathParam("formulaId") String formulaId, @NotNull Map<String, Object> body) {
    GearService.Put<GearFormula> put = gears.putFormula(org, formulaId, body);
    return put.created()
        ? Response.created(uri.getAbsolutePath()).entity(put.value().toMap()).build()
        : Response.ok(put.value().toMap()).build();
  }

  @GET
  @Path("formulas/{formulaId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(summary = "A formula of the org")
  @APIResponse(responseCode = "404", description = "formula-not-found")
  public Map<String, Object> formula(@PathParam("formulaId") String formulaId) {
    return gears.formula(org, formulaId).toMap();
  }
}
