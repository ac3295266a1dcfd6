package ai.koales.ksp.web.bead;

import ai.koales.ksp.persistence.bead.BeadGraphService;
import ai.koales.ksp.web.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Computes bead ids without writing anything, so clients can check their own hashing. */
@Path("bead-ids")
@RequestScoped
@Tag(name = "Beads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BeadIdResource {

  @Inject BeadGraphService beads;

  /** Any type, any JSON object content, optional parents. */
  public record IdRequest(
      @NotBlank String type, @NotNull Map<String, Object> content, List<String> parentIds) {
    // Declared, so that the component constraints stay off its parameters: Payara's OpenAPI
    // processor fails on a constructor parameter with @NotBlank or @Size.
    public IdRequest(String type, Map<String, Object> content, List<String> parentIds) {
      this.type = type;
      this.content = content;
      this.parentIds = parentIds;
    }
  }

  /** The id and the exact canonical JSON that was hashed. */
  public record IdResponse(String beadId, String canonicalJson) {}

  @POST
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary =
          "The id SHA-256(type + canonicalJson(content) + sorted parents) of any content; no schema check, no write")
  public IdResponse compute(@Valid @NotNull IdRequest request) {
    BeadGraphService.ComputedId id =
        beads.computeId(request.type(), request.content(), request.parentIds());
    return new IdResponse(id.beadId(), id.canonicalJson());
  }
}
