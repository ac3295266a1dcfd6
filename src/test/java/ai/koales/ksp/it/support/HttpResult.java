package ai.koales.ksp.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpHeaders;

/** One HTTP answer: status, headers and the body, with JSON accessors. */
public record HttpResult(int status, HttpHeaders headers, String body) {

  public JsonValue jsonValue() {
    try (JsonReader r = Json.createReader(new StringReader(body))) {
      return r.readValue();
    } catch (RuntimeException e) {
      throw new AssertionError("Not JSON (HTTP " + status + "): " + body, e);
    }
  }

  public JsonObject json() {
    return jsonValue().asJsonObject();
  }

  public JsonArray items() {
    return json().getJsonArray("items");
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  public String contentType() {
    return header("Content-Type");
  }

  /** The problem code: {@code urn:ksp:problem:bead-integrity} gives {@code bead-integrity}. */
  public String problemCode() {
    String type = json().getString("type", "");
    return type.startsWith("urn:ksp:problem:") ? type.substring("urn:ksp:problem:".length()) : type;
  }

  @Override
  public String toString() {
    return "HTTP " + status + " " + body;
  }
}
