package ai.koales.ksp.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Connect client of the gateway (edges.md §2.1) as another system would write one: JSON bodies,
 * enveloped frames read as they arrive, and envelopes signed the way §3.4 says, with a
 * canonicalizer of its own (RFC 8785 for the strings, integers, booleans and objects tests send).
 */
public final class Connect {

  /** The test server's envelope signing key ({@link KspServer#TEST_CONFIG}), base64. */
  public static final String SIGNING_KEY_BASE64 = "aXQtZ2F0ZXdheS1zaWduaW5nLWtleS0zMi1ieXRlcyE=";

  public static final String PATH = "/weops.factory.v1.FactoryGateway/";

  private final Ksp ksp;

  public Connect(Ksp ksp) {
    this.ksp = ksp;
  }

  // ----------------------------------------------------------------------------- envelopes

  /**
   * A WGSP OutboundEnvelope (edges.md §1.2) for session {@code sessionId} of {@code org}, work
   * order {@code workOrder}, with the durable objects given (org_id is added unless {@code org} is
   * null).
   */
  public static JsonObjectBuilder outbound(
      String sessionId, String org, String workOrder, Map<String, Object> durable) {
    JsonObjectBuilder d = Json.createObjectBuilder(durable);
    if (org != null) {
      d.add("org_id", org);
    }
    return Json.createObjectBuilder()
        .add("envelope_schema_version", "1.0.0")
        .add("envelope_id", "env_" + sessionId)
        .add("correlation_id", "cor_" + sessionId)
        .add("timestamp", "2026-06-10T00:00:00.000000Z")
        .add("source", Json.createObjectBuilder().add("kernel_id", "k1").add("agent_id", "a1"))
        .add("target", Json.createObjectBuilder().add("kernel_id", "k2").add("agent_id", "a2"))
        .add(
            "identity_context",
            Json.createObjectBuilder().add("actor_id", "actor-1").add("actor_type", "agent"))
        .add(
            "session_context",
            Json.createObjectBuilder()
                .add("session_id", sessionId)
                .add("assembly_id", "WG-" + sessionId))
        .add(
            "governance_context",
            Json.createObjectBuilder()
                .add("work_order_id", workOrder)
                .add("evidence_chain_root", "root-1"))
        .add("work_graph", Json.createObjectBuilder().add("durable_objects", d))
        .add(
            "signature",
            Json.createObjectBuilder()
                .add("algorithm", "HMAC-SHA256")
                .add("signing_kernel_id", "factory-i-layer")
                .add("canonicalization", "RFC8785"))
        .add("wgem_event", "PROPOSAL");
  }

  /** A SubmitSessionRequest whose envelope is signed with the test key. */
  public static JsonObject submit(JsonObject outbound, String actorType, String purposeId) {
    return submit(outbound, "1.0.0", actorType, purposeId, sign(outbound));
  }

  public static JsonObject submit(
      JsonObject outbound,
      String schemaVersion,
      String actorType,
      String purposeId,
      byte[] signature) {
    return Json.createObjectBuilder()
        .add(
            "envelope",
            Json.createObjectBuilder()
                .add("envelopeSchemaVersion", schemaVersion)
                .add("actorType", actorType)
                .add("purposeId", purposeId)
                .add(
                    "workGraph",
                    Base64.getEncoder()
                        .encodeToString(canonical(outbound).getBytes(StandardCharsets.UTF_8)))
                .add("signature", Base64.getEncoder().encodeToString(signature)))
        .add("streamMode", "STREAM_MODE_ALL")
        .build();
  }

  /** HMAC-SHA256 of the canonical JSON of {@code outbound} without its signature member. */
  public static byte[] sign(JsonObject outbound) {
    JsonObject unsigned = Json.createObjectBuilder(outbound).remove("signature").build();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(SIGNING_KEY_BASE64), "HmacSHA256"));
      return mac.doFinal(canonical(unsigned).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 8785 for the values tests use (integers only among numbers). */
  public static String canonical(JsonValue v) {
    StringBuilder sb = new StringBuilder();
    write(sb, v);
    return sb.toString();
  }

  private static void write(StringBuilder sb, JsonValue v) {
    switch (v.getValueType()) {
      case OBJECT -> {
        TreeMap<String, JsonValue> sorted = new TreeMap<>(v.asJsonObject());
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonValue> e : sorted.entrySet()) {
          sb.append(first ? "" : ",");
          first = false;
          string(sb, e.getKey());
          sb.append(':');
          write(sb, e.getValue());
        }
        sb.append('}');
      }
      case ARRAY -> {
        sb.append('[');
        JsonArray a = v.asJsonArray();
        for (int i = 0; i < a.size(); i++) {
          sb.append(i == 0 ? "" : ",");
          write(sb, a.get(i));
        }
        sb.append(']');
      }
      case STRING -> string(sb, ((JsonString) v).getString());
      case NUMBER -> sb.append(((JsonNumber) v).longValueExact());
      case TRUE -> sb.append("true");
      case FALSE -> sb.append("false");
      case NULL -> sb.append("null");
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    sb.append('"');
  }

  // ------------------------------------------------------------------------------ calls

  /** A unary call with a JSON body. */
  public HttpResult unary(String method, String token, String json) {
    return ksp.send(
        ksp.request(PATH + method, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A server-streaming call: the JSON message sent as one enveloped frame. */
  public Stream stream(String method, String token, String json) {
    byte[] message = json.getBytes(StandardCharsets.UTF_8);
    byte[] frame =
        ByteBuffer.allocate(5 + message.length)
            .put((byte) 0)
            .putInt(message.length)
            .put(message)
            .array();
    return stream(method, token, "application/connect+json", frame, null);
  }

  /** A server-streaming call with any body and content type (and Connect-Timeout-Ms, if given). */
  public Stream stream(
      String method, String token, String contentType, byte[] body, Long timeoutMs) {
    HttpRequest.Builder r =
        ksp.request(PATH + method, token)
            .timeout(Duration.ofMinutes(2))
            .header("Content-Type", contentType)
            .header("Connect-Protocol-Version", "1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (timeoutMs != null) {
      r.header("Connect-Timeout-Ms", Long.toString(timeoutMs));
    }
    try {
      long t0 = System.nanoTime();
      HttpResponse<InputStream> res =
          ksp.http().send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Stream(res, Duration.ofNanos(System.nanoTime() - t0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One enveloped frame of an answer; {@code json} for JSON frames. */
  public record Frame(int flag, byte[] bytes) {
    public JsonObject json() {
      return Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))
          .readObject();
    }

    public boolean isEnd() {
      return flag == 2;
    }

    @Override
    public String toString() {
      return "Frame[" + flag + "] " + new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** An open server-streaming answer; frames are read as they arrive. */
  public static final class Stream implements AutoCloseable {
    private final HttpResponse<InputStream> response;
    private final Duration headersAfter;
    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final String refusal;
    private static final Object EOF = new Object();

    Stream(HttpResponse<InputStream> response, Duration headersAfter) {
      this.response = response;
      this.headersAfter = headersAfter;
      if (response.statusCode() != 200) {
        try (InputStream in = response.body()) {
          refusal = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return;
      }
      refusal = null;
      Thread reader = new Thread(this::read, "connect-stream");
      reader.setDaemon(true);
      reader.start();
    }

    public int status() {
      return response.statusCode();
    }

    public String contentType() {
      return response.headers().firstValue("Content-Type").orElse("");
    }

    /** How long the server took to answer the headers (or the refusal). */
    public Duration answeredAfter() {
      return headersAfter;
    }

    /** The unary-style error of a refused stream (non-200). */
    public JsonObject error() {
      if (refusal == null) {
        throw new AssertionError("the stream was not refused (HTTP " + status() + ")");
      }
      return Json.createReader(new StringReader(refusal)).readObject();
    }

    /** The next frame, or an assertion error after {@code timeout}; null when the body ended. */
    public Frame next(Duration timeout) {
      try {
        Object f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) {
          throw new AssertionError("no frame within " + timeout);
        }
        if (f == EOF) {
          frames.add(EOF);
          return null;
        }
        return (Frame) f;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** Every frame up to and including the end-of-stream frame; the body must end right after. */
    public List<Frame> untilEnd(Duration timeout) {
      List<Frame> out = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Frame f = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (f == null) {
          throw new AssertionError("the body ended without an end-of-stream frame: " + out);
        }
        out.add(f);
        if (f.isEnd()) {
          if (next(Duration.ofSeconds(10)) != null) {
            throw new AssertionError("a frame followed the end-of-stream frame");
          }
          return out;
        }
      }
    }

    /** True when nothing arrives for {@code period}. */
    public boolean quietFor(Duration period) {
      try {
        Object f = frames.poll(period.toMillis(), TimeUnit.MILLISECONDS);
        if (f != null) {
          frames.add(f);
          return false;
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    private void read() {
      try (DataInputStream in = new DataInputStream(response.body())) {
        while (true) {
          int flag;
          try {
            flag = in.readUnsignedByte();
          } catch (EOFException end) {
            break;
          }
          int length = in.readInt();
          byte[] bytes = new byte[length];
          in.readFully(bytes);
          frames.add(new Frame(flag, bytes));
        }
      } catch (IOException closed) {
        // the test closed the stream
      } finally {
        frames.add(EOF);
      }
    }

    @Override
    public void close() {
      try {
        response.body().close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }
}
