package ai.koales.ksp.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A producer of stream events, as an external system would write one (api.md "Streams"). */
public final class Streams {

  /** The producer secret of the test server ({@link KspServer#TEST_CONFIG}). */
  public static final String SECRET = KspServer.TEST_CONFIG.get("KSP_STREAM_PRODUCER_SECRET");

  public static final String TOKEN_HEADER = "X-KSP-Producer-Token";

  private final Ksp ksp;

  public Streams(Ksp ksp) {
    this.ksp = ksp;
  }

  /** A stream id no other test uses. */
  public static String newStreamId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
  }

  /** Lowercase hex HMAC-SHA256 of the stream id keyed with {@code secret}. */
  public static String token(String secret, String streamId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(streamId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends with the right token. */
  public HttpResult append(String streamId, JsonObject event) {
    return append(streamId, event, token(SECRET, streamId));
  }

  /** Appends with the given token header (null: no header). */
  public HttpResult append(String streamId, JsonObject event, String token) {
    HttpRequest.Builder r =
        ksp.request("/api/v1/streams/" + streamId + "/events", null)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event.toString()));
    if (token != null) {
      r.header(TOKEN_HEADER, token);
    }
    return ksp.send(r);
  }

  /** Appends a sessionEvents event of {@code kind} and returns its seq. */
  public long session(String streamId, String kind) {
    HttpResult r = append(streamId, sessionEvent(kind).build());
    if (r.status() != 201) {
      throw new AssertionError("append failed: " + r);
    }
    return r.json().getJsonNumber("seq").longValue();
  }

  public static JsonObjectBuilder sessionEvent(String kind) {
    return Json.createObjectBuilder()
        .add("stream", "sessionEvents")
        .add("kind", kind)
        .add("payload", Json.createObjectBuilder().add("note", kind))
        .add("occurredAt", System.currentTimeMillis());
  }

  public static JsonObjectBuilder beadUpdate(String runId, String atomId, String status) {
    return Json.createObjectBuilder()
        .add("stream", "beadUpdates")
        .add("kind", "BEAD_UPDATE")
        .add("runId", runId)
        .add("payload", Json.createObjectBuilder().add("atomId", atomId).add("status", status))
        .add("occurredAt", System.currentTimeMillis());
  }

  public static JsonObjectBuilder artifactWrite(String assemblyId, String artifactId) {
    return Json.createObjectBuilder()
        .add("stream", "artifactWrites")
        .add("kind", "ARTIFACT_WRITTEN")
        .add("assemblyId", assemblyId)
        .add(
            "payload",
            Json.createObjectBuilder()
                .add("artifactId", artifactId)
                .add("r2Path", "artifacts/" + artifactId)
                .add("contentHash", "sha256:" + artifactId))
        .add("occurredAt", System.currentTimeMillis());
  }
}
