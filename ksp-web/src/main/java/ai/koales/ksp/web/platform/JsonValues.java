package ai.koales.ksp.web.platform;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** Plain Java JSON-like values (maps, lists, strings, numbers, booleans, null) to JSON-P. */
public final class JsonValues {

  private JsonValues() {}

  public static JsonObject object(Map<String, ?> map) {
    JsonObjectBuilder b = Json.createObjectBuilder();
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
      return Json.createValue(s);
    }
    if (v instanceof Boolean b) {
      return b ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return Json.createValue(((Number) v).longValue());
    }
    if (v instanceof BigInteger bi) {
      return Json.createValue(bi);
    }
    if (v instanceof BigDecimal bd) {
      return Json.createValue(bd);
    }
    if (v instanceof Number n) {
      return Json.createValue(n.doubleValue());
    }
    if (v instanceof Map<?, ?> m) {
      JsonObjectBuilder b = Json.createObjectBuilder();
      m.forEach((k, x) -> b.add(String.valueOf(k), value(x)));
      return b.build();
    }
    if (v instanceof Collection<?> c) {
      JsonArrayBuilder a = Json.createArrayBuilder();
      c.forEach(x -> a.add(value(x)));
      return a.build();
    }
    return Json.createValue(String.valueOf(v));
  }
}
