package ai.koales.ksp.web.platform;

import ai.koales.ksp.domain.shared.FieldViolation;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/**
 * An RFC 9457 problem as the public contract shapes it: {@code type = urn:ksp:problem:{code}}, a
 * title per type, status, detail, {@code instance} = the request's correlation id, and {@code
 * errors[]} of {field, message} for field violations.
 */
public record Problem(
    String code,
    int status,
    String detail,
    String instance,
    List<FieldViolation> errors,
    JsonObject extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
  public static final String TYPE_PREFIX = "urn:ksp:problem:";

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public Problem(String code, int status, String detail, String instance) {
    this(code, status, detail, instance, List.of(), null);
  }

  public String type() {
    return TYPE_PREFIX + code;
  }

  /** A short summary of the problem type: {@code bead-integrity} reads "Bead integrity". */
  public String title() {
    String words = code.replace('-', ' ');
    return words.isEmpty()
        ? "Error"
        : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
  }

  public JsonObject toJson() {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("type", type())
            .add("title", title())
            .add("status", status)
            .add("detail", detail == null ? title() : detail)
            .add("instance", instance);
    if (!errors.isEmpty()) {
      JsonArrayBuilder arr = Json.createArrayBuilder();
      for (FieldViolation v : errors) {
        arr.add(Json.createObjectBuilder().add("field", v.field()).add("message", v.message()));
      }
      b.add("errors", arr);
    }
    if (extensions != null) {
      extensions.forEach(b::add);
    }
    return b.build();
  }

  public Response toResponse() {
    return Response.status(status).type(MEDIA).entity(toJson().toString()).build();
  }
}
