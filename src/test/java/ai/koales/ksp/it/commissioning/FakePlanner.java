package ai.koales.ksp.it.commissioning;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat-completions server in the test JVM, standing in for a model behind the
 * commissioning planner. It answers each pass (told apart by the system prompt) with a valid
 * artifact, unless the request's input carries a marker: {@code GARBAGE} makes the pressure pass
 * answer prose, {@code BLOCK} makes it hang until {@link #release()} (a slow model, for the crash
 * test).
 */
final class FakePlanner implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final CountDownLatch blocked = new CountDownLatch(1);
  private volatile CountDownLatch release = new CountDownLatch(1);

  FakePlanner() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", this::answer);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
  }

  int calls(String pass) {
    return calls.getOrDefault(pass, new AtomicInteger()).get();
  }

  /** Waits until a BLOCK request arrived and hangs. */
  boolean awaitBlocked(long seconds) throws InterruptedException {
    return blocked.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets hanging and later BLOCK requests answer normally. */
  void release() {
    release.countDown();
  }

  private void answer(HttpExchange ex) throws IOException {
    String body;
    try (InputStream in = ex.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JsonObject request = Json.createReader(new StringReader(body)).readObject();
    String system = request.getJsonArray("messages").getJsonObject(0).getString("content");
    String user = request.getJsonArray("messages").getJsonObject(1).getString("content");
    String pass = pass(system);
    calls.computeIfAbsent(pass, k -> new AtomicInteger()).incrementAndGet();
    String content;
    if (pass.equals("pressure") && user.contains("GARBAGE")) {
      content = "I think the pressure is about greeting people, roughly.";
    } else {
      if (pass.equals("pressure") && user.contains("BLOCK")) {
        blocked.countDown();
        try {
          release.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      content = artifact(pass);
    }
    String reply =
        Json.createObjectBuilder()
            .add(
                "choices",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add(
                                "message",
                                Json.createObjectBuilder()
                                    .add("role", "assistant")
                                    .add("content", content))))
            .build()
            .toString();
    byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    try {
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException clientGone) {
      // The server that asked was killed meanwhile.
    }
  }

  private static String pass(String system) {
    if (system.contains("pressure synthesizer")) {
      return "pressure";
    }
    if (system.contains("capability mapper")) {
      return "capability";
    }
    if (system.contains("function proposer")) {
      return "function";
    }
    return "prd";
  }

  private static String artifact(String pass) {
    return switch (pass) {
      case "pressure" ->
          "```json\n{\"title\":\"Visitors go ungreeted\",\"description\":\"No greeting\","
              + "\"priority\":\"high\",\"category\":\"experience\",\"evidence\":[\"complaints\"]}\n```";
      case "capability" ->
          "{\"title\":\"Greeting\",\"description\":\"Greet visitors\","
              + "\"gapAnalysis\":\"nothing greets today\"}";
      case "function" ->
          "{\"title\":\"Greeter\",\"description\":\"A greeter\",\"rationale\":\"cheap\","
              + "\"successCriteria\":[\"every visitor is greeted\"]}";
      default ->
          "{\"version\":\"v1\",\"problem\":\"ungreeted\",\"goal\":\"greeted\","
              + "\"acceptanceCriteria\":[\"write greeting.txt\",\"read greeting.txt\"],"
              + "\"successMetrics\":[\"greetings per visitor = 1\"],\"constraints\":[],"
              + "\"outOfScope\":[],\"rationale\":\"from the proposal\"}";
    };
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
