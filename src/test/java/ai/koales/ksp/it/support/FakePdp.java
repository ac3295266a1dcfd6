package ai.koales.ksp.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A policy decision point (edges.md §2.2) inside the test JVM, which the test server calls ({@link
 * KspServer#TEST_CONFIG} names its URL). It answers by the request's {@code purpose_id}, so tests
 * choose its behaviour per submission, and records every call so that a test can tell whether the
 * PDP was asked at all.
 */
public final class FakePdp {

  public static final String API_KEY = "it-pdp-api-key";

  /** Answers after 3.5 s (scenario 3). */
  public static final String SLOW = "BCO-pdp-slow";

  /** Answers HTTP 500 (scenario 4). */
  public static final String FAILING = "BCO-pdp-500";

  /** Answers 200 {@code {"permitted":"true"}}: a string, not the boolean (scenario 4). */
  public static final String STRING_TRUE = "BCO-pdp-string-true";

  /** Answers 200 {@code {"permitted":false,"reason":DENY_REASON}}. */
  public static final String DENYING = "BCO-pdp-deny";

  public static final String DENY_REASON = "purpose not allowed for this actor";

  /** One call as the PDP saw it. */
  public record Call(String sessionId, String actorType, String purposeId, String authorization) {}

  private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
  private static final HttpServer SERVER = start();

  private FakePdp() {}

  /** The PDP's base URL (the server posts to {@code {url}/evaluate}). */
  public static String url() {
    return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/pdp";
  }

  /** The calls made for {@code sessionId} so far. */
  public static List<Call> callsFor(String sessionId) {
    return CALLS.stream().filter(c -> sessionId.equals(c.sessionId())).toList();
  }

  private static HttpServer start() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.setExecutor(
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "fake-pdp");
                t.setDaemon(true);
                return t;
              }));
      s.createContext("/pdp/evaluate", FakePdp::evaluate);
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void evaluate(HttpExchange ex) throws IOException {
    try (ex) {
      JsonObject body =
          Json.createReader(
                  new StringReader(
                      new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)))
              .readObject();
      String purpose = body.getString("purpose_id", "");
      CALLS.add(
          new Call(
              body.getString("session_id", null),
              body.getString("actor_type", null),
              purpose,
              ex.getRequestHeaders().getFirst("Authorization")));
      int status = 200;
      String answer = "{\"permitted\":true}";
      switch (purpose) {
        case SLOW -> pause(3500);
        case FAILING -> {
          status = 500;
          answer = "{\"error\":\"policy store down\"}";
        }
        case STRING_TRUE -> answer = "{\"permitted\":\"true\"}";
        case DENYING -> answer = "{\"permitted\":false,\"reason\":\"" + DENY_REASON + "\"}";
        default -> {
          // permitted
        }
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    } catch (IOException clientGone) {
      // The server gave up waiting (the slow case): nothing to answer.
    }
  }

  /** The slow PDP's delay: a PDP taking its time, not a test waiting for a condition. */
  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
