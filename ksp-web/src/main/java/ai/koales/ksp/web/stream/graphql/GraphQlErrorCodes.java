package ai.koales.ksp.web.stream.graphql;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.List;

/**
 * Gives every GraphQL error a machine-readable {@code extensions.code} (issue acceptance point 5).
 * KSP's resolvers already do ({@link GraphQlProblem}); the errors GraphQL and SmallRye raise before
 * any resolver runs carry only a {@code classification}, which becomes the code:
 *
 * <ul>
 *   <li>a document that does not parse (SmallRye: "Unparseable input document", or graphql-java's
 *       {@code InvalidSyntax}): {@code GRAPHQL_PARSE_FAILED};
 *   <li>{@code ValidationError} (unknown field, argument or variable of the wrong type, missing
 *       argument): {@code GRAPHQL_VALIDATION_FAILED};
 *   <li>a request without {@code query}: {@code BAD_REQUEST};
 *   <li>any other failure without a code: {@code INTERNAL_SERVER_ERROR}, and SmallRye's bare
 *       "System error" message is replaced by one that says so.
 * </ul>
 *
 * A request GraphQL refused (parse or validation) executed nothing, so the {@code
 * NullValueInNonNullableField} error SmallRye adds for the field it then could not fill is a
 * consequence, not a second failure, and is left out.
 */
final class GraphQlErrorCodes {

  static final String PARSE_FAILED = "GRAPHQL_PARSE_FAILED";
  static final String VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED";
  static final String BAD_REQUEST = "BAD_REQUEST";
  static final String INTERNAL = "INTERNAL_SERVER_ERROR";

  private static final JsonProvider JSON = JsonProvider.provider();

  private GraphQlErrorCodes() {}

  /** The response with a code in every error; the same object when every error had one. */
  static JsonObject complete(JsonObject response) {
    if (!(response.get("errors") instanceof JsonArray errors) || errors.isEmpty()) {
      return response;
    }
    JsonArray completed = complete(errors);
    if (completed == errors) {
      return response;
    }
    JsonObjectBuilder b = JSON.createObjectBuilder(response);
    b.add("errors", completed);
    return b.build();
  }

  /** The errors, each with a code; the same array when every error had one. */
  static JsonArray complete(JsonArray errors) {
    List<JsonObject> all = errors.getValuesAs(JsonObject.class);
    boolean refused =
        all.stream()
            .map(GraphQlErrorCodes::derived)
            .anyMatch(c -> PARSE_FAILED.equals(c) || VALIDATION_FAILED.equals(c));
    boolean changed = false;
    JsonArrayBuilder out = JSON.createArrayBuilder();
    for (JsonObject e : all) {
      if (code(e) != null) {
        out.add(e);
        continue;
      }
      changed = true;
      String classification = classification(e);
      if (refused && "NullValueInNonNullableField".equals(classification)) {
        continue;
      }
      String code = derived(e);
      JsonObjectBuilder ext =
          e.get("extensions") instanceof JsonObject x
              ? JSON.createObjectBuilder(x)
              : JSON.createObjectBuilder();
      ext.add("code", code);
      JsonObjectBuilder error = JSON.createObjectBuilder(e).add("extensions", ext);
      if (INTERNAL.equals(code) && "System error".equals(message(e))) {
        error.add("message", "An unexpected error occurred while executing the operation.");
      }
      out.add(error);
    }
    return changed ? out.build() : errors;
  }

  /** The code an error without one gets (null for one that has a code). */
  private static String derived(JsonObject e) {
    if (code(e) != null) {
      return null;
    }
    String classification = classification(e);
    String message = message(e);
    if ("InvalidSyntax".equals(classification)
        || (message != null && message.startsWith("Unparseable input document"))) {
      return PARSE_FAILED;
    }
    if ("ValidationError".equals(classification)) {
      return VALIDATION_FAILED;
    }
    if (message != null && message.startsWith("Missing 'query'")) {
      return BAD_REQUEST;
    }
    if ("OperationNotSupported".equals(classification)) {
      return BAD_REQUEST;
    }
    return INTERNAL;
  }

  private static String code(JsonObject e) {
    return e.get("extensions") instanceof JsonObject x && x.get("code") instanceof JsonString c
        ? c.getString()
        : null;
  }

  private static String classification(JsonObject e) {
    if (!(e.get("extensions") instanceof JsonObject x)) {
      return null;
    }
    JsonValue c = x.get("classification");
    if (c instanceof JsonString s) {
      return s.getString();
    }
    // graphql-java writes some classifications as objects ({"type": ...}).
    return c instanceof JsonObject o && o.get("type") instanceof JsonString t
        ? t.getString()
        : null;
  }

  private static String message(JsonObject e) {
    return e.get("message") instanceof JsonString s ? s.getString() : null;
  }
}
