package ai.koales.ksp.web.bead;

import ai.koales.ksp.persistence.bead.BeadGraphService;
import ai.koales.ksp.web.platform.Required;
import ai.koales.ksp.web.platform.Roles;
import ai.koales.ksp.web.platform.ValidationProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Computes bead ids without writing anything, so clients can check their own hashing. */
@Path("bead-ids")
@RequestScoped
@LimitedBeadBody
@Tag(name = "Beads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BeadIdResource {

  @Inject BeadGraphService beads;

  /** Any type, any JSON object content, optional parents. */
  public record IdRequest(
      @Required String type, @NotNull Map<String, Object> content, List<String> parentIds) {}

  /** The id and the exact canonical JSON that was hashed. */
  public record IdResponse(String beadId, String canonicalJson) {}

  @POST
  @ValidationProblem("bead-validation")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary =
          "The id SHA-256(type + canonicalJson(content) + sorted parents) of any content; no schema check, no write")
  @APIResponse(
      responseCode = "400",
      description =
          "bead-validation: a number JSON cannot hold (1e400), an unpaired UTF-16 surrogate, nesting over 32 levels")
  @APIResponse(responseCode = "413", description = "payload-too-large")
  public IdResponse compute(@Valid @NotNull IdRequest request) {
    BeadGraphService.ComputedId id =
        beads.computeId(request.type(), request.content(), request.parentIds());
    return new IdResponse(id.beadId(), id.canonicalJson());
  }
}
