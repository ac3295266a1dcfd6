package ai.koales.ksp.web.artifact;

import ai.koales.ksp.domain.artifact.NodeTypes;
import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.Ids;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST …/nodes} (core.md §5 {@code /append}, flattened by api.md): a JSON object
 * {@code {id, nodeType, …}}. The node's type is {@code nodeType}, its data every other member,
 * {@code id} included; {@code nodeType} is not stored in the data (scenario 23).
 */
record AppendNodeRequest(String id, String nodeType, Map<String, Object> data) {

  static final String CODE = "node-validation";
  static final String TYPE_MEMBER = "nodeType";

  /** Parses and checks the body; every broken rule is reported at once, nothing is written. */
  static AppendNodeRequest parse(String body) {
    JsonObject node = object(body);
    List<FieldViolation> violations = new ArrayList<>();
    String id = string(node, "id", violations);
    if (id != null && !Ids.isValidId(id)) {
      violations.add(new FieldViolation("id", "must match " + Ids.ID.pattern()));
    }
    String type = string(node, TYPE_MEMBER, violations);
    if (type != null && !NodeTypes.isValid(type)) {
      violations.add(
          new FieldViolation(
              TYPE_MEMBER,
              "must be a printable string of at most " + NodeTypes.MAX_LENGTH + " characters"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(CODE, violations);
    }
    Map<String, Object> data = new LinkedHashMap<>(JsonValues.toMap(node));
    data.remove(TYPE_MEMBER);
    return new AppendNodeRequest(id, type, data);
  }

  private static JsonObject object(String body) {
    JsonValue value;
    try (JsonReader r = Json.createReader(new StringReader(body == null ? "" : body))) {
      value = r.readValue();
    } catch (JsonException malformed) {
      throw new InvalidInputException(
          "malformed-json", "body", "is not valid JSON: " + malformed.getMessage());
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new InvalidInputException(
          CODE, "body", "must be a JSON object {id, nodeType, ...data}, not " + kind(value));
    }
    return value.asJsonObject();
  }

  private static String string(JsonObject node, String member, List<FieldViolation> violations) {
    JsonValue v = node.get(member);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      violations.add(new FieldViolation(member, "is required"));
      return null;
    }
    if (!(v instanceof JsonString s)) {
      violations.add(new FieldViolation(member, "must be a string, not " + kind(v)));
      return null;
    }
    if (s.getString().isBlank()) {
      violations.add(new FieldViolation(member, "must not be blank"));
      return null;
    }
    return s.getString();
  }

  private static String kind(JsonValue v) {
    return switch (v.getValueType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case TRUE, FALSE -> "a boolean";
      case NULL -> "null";
    };
  }
}
