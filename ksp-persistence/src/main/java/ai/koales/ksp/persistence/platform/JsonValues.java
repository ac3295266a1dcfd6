package ai.koales.ksp.persistence.platform;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON text, JSON-P values and the plain Java values the domain works with: {@code
 * Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@code String}, {@code Boolean},
 * {@code BigDecimal} for every number (exact; the domain decides how to format it) and {@code
 * null}.
 */
public final class JsonValues {

  /**
   * Looked up once: {@code Json.createX()} looks the provider up again on every call, which on
   * Payara is a ServiceLoader scan of every jar (it dominated the CPU profile of the hot paths).
   */
  private static final JsonProvider JSON = JsonProvider.provider();

  private JsonValues() {}

  /** Parses a JSON object; throws {@link jakarta.json.JsonException} on malformed text. */
  public static Map<String, Object> parseObject(String json) {
    try (JsonReader r = JSON.createReader(new StringReader(json))) {
      return toMap(r.readObject());
    }
  }

  /** Parses any JSON value. */
  public static Object parse(String json) {
    try (JsonReader r = JSON.createReader(new StringReader(json))) {
      return toJava(r.readValue());
    }
  }

  /** Compact JSON text of a plain Java value (numbers exactly as given). */
  public static String write(Object value) {
    return value(value).toString();
  }

  public static Map<String, Object> toMap(JsonObject object) {
    Map<String, Object> out = new LinkedHashMap<>();
    object.forEach((k, v) -> out.put(k, toJava(v)));
    return out;
  }

  public static Object toJava(JsonValue v) {
    if (v == null) {
      return null;
    }
    return switch (v.getValueType()) {
      case NULL -> null;
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case STRING -> ((JsonString) v).getString();
      case NUMBER -> ((JsonNumber) v).bigDecimalValue();
      case OBJECT -> toMap(v.asJsonObject());
      case ARRAY -> {
        JsonArray arr = v.asJsonArray();
        List<Object> out = new ArrayList<>(arr.size());
        arr.forEach(x -> out.add(toJava(x)));
        yield out;
      }
    };
  }

  public static JsonObject object(Map<String, ?> map) {
    JsonObjectBuilder b = JSON.createObjectBuilder();
    map.forEach((k, v) -> b.add(k, value(v)));
    return b.build();
  }

  public static JsonValue value(Object v) {
    if (v == null) {
      return JsonValue.NULL;
    }
    if (v instanceof JsonValue j) {
      return j;
    }
    if (v instanceof String s) {
      return JSON.createValue(s);
    }
    if (v instanceof Boolean b) {
      return b ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return JSON.createValue(((Number) v).longValue());
    }
    if (v instanceof BigInteger bi) {
      return JSON.createValue(bi);
    }
    if (v instanceof BigDecimal bd) {
      return JSON.createValue(bd);
    }
    if (v instanceof Number n) {
      return JSON.createValue(n.doubleValue());
    }
    if (v instanceof Map<?, ?> m) {
      JsonObjectBuilder b = JSON.createObjectBuilder();
      m.forEach((k, x) -> b.add(String.valueOf(k), value(x)));
      return b.build();
    }
    if (v instanceof Collection<?> c) {
      JsonArrayBuilder a = JSON.createArrayBuilder();
      c.forEach(x -> a.add(value(x)));
      return a.build();
    }
    if (v instanceof Enum<?> e) {
      return JSON.createValue(e.name());
    }
    return JSON.createValue(String.valueOf(v));
  }
}
