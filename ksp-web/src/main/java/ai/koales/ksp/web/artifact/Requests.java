package ai.koales.ksp.web.artifact;

import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Request bodies of the artifact graph's writes. Only {@code @NotNull} and {@code @Pattern} are
 * used on record components: Payara's OpenAPI scanner sees them on the canonical constructor's
 * parameters too, and fails the whole document on {@code @NotBlank}/{@code @Size} there (it takes
 * every such parameter for a {@code @PathParam}).
 */
public final class Requests {

  static final String ID = "[A-Za-z0-9_.:-]{1,200}";
  static final String ID_MESSAGE = "must match [A-Za-z0-9_.:-]{1,200}";

  private Requests() {}

  @Schema(name = "ArtifactNodeUpsert")
  public record NodeUpsert(
      @NotNull
          @Pattern(
              regexp = "(?=.*\\S)[^\\p{Cntrl}]{1,200}",
              message = "must be a non-blank, printable string of at most 200 characters")
          String type,
      @Schema(description = "The node's JSON object; absent means {}") JsonObject data) {}

  @Schema(name = "ArtifactEdgeUpsert")
  public record EdgeUpsert(
      @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String source,
      @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String target,
      @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String rel,
      @Schema(description = "The edge's JSON object; absent means {}") JsonObject props) {}

  @Schema(
      name = "ArtifactNodeAppend",
      description =
          "The node's id and type plus any other members, which become its data (id included,"
              + " nodeType not)",
      requiredProperties = {"id", "nodeType"},
      additionalProperties = Object.class)
  public record NodeAppend(
      @Schema(pattern = "[A-Za-z0-9_.:-]{1,200}") String id,
      @Schema(description = "The node's type, e.g. RejectionRecord") String nodeType) {}
}
