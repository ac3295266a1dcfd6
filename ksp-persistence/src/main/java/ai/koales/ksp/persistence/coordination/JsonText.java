package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.JsonTextParser;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.json.JsonException;

/**
 * {@link JsonTextParser} on JSON-P: plain Java values, parse errors as IllegalArgumentException.
 */
final class JsonText implements JsonTextParser {

  static final JsonText INSTANCE = new JsonText();

  private JsonText() {}

  @Override
  public Object parse(String json) {
    try {
      return JsonValues.parse(json);
    } catch (JsonException | IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
