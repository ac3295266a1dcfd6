package ai.koales.ksp.persistence.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.domain.gateway.PolicyDecision;
import ai.koales.ksp.domain.gateway.PolicyRequest;
import ai.koales.ksp.persistence.platform.JsonValues;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The external PDP client (edges.md §2.2) against a local fake PDP: what it sends, the answer
 * rules, and one 3 s budget for connect, headers and body (scenarios 3 and 4).
 */
class HttpPolicyDecisionPointTest {

  static final PolicyRequest REQUEST = new PolicyRequest("sess-1", "agent", "BCO-7");

  HttpServer server;
  ExecutorService threads = Executors.newCachedThreadPool();
  final List<Map<String, Object>> bodies = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  volatile Answer answer = new Answer(200, "{\"permitted\":true}", 0, 0);

  record Answer(int status, String body, long headersAfterMs, long bodyAfterMs) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/pdp/evaluate", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      bodies.add(JsonValues.parseObject(new String(ex.getRequestBody().readAllBytes(), UTF8)));
      authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
      Answer a = answer;
      sleep(a.headersAfterMs());
      byte[] body = a.body().getBytes(UTF8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status(), body.length);
      OutputStream out = ex.getResponseBody();
      out.write(body, 0, 1);
      out.flush();
      sleep(a.bodyAfterMs());
      out.write(body, 1, body.length - 1);
    }
  }

  static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  HttpPolicyDecisionPoint pdp() {
    return new HttpPolicyDecisionPoint(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pdp/"), "pdp-key");
  }

  @Test
  void postsTheQuestionWithTheApiKeyAndPermitsOnTheBooleanTrue() {
    assertThat(pdp().evaluate(REQUEST)).isEqualTo(PolicyDecision.permit());
    assertThat(bodies)
        .containsExactly(
            Map.of("session_id", "sess-1", "actor_type", "agent", "purpose_id", "BCO-7"));
    assertThat(authorizations).containsExactly("Bearer pdp-key");
  }

  @Test
  void aServerErrorIsADenialNamingTheStatus_scenario4() {
    answer = new Answer(500, "{\"permitted\":true}", 0, 0);
    assertThat(pdp().evaluate(REQUEST)).isEqualTo(PolicyDecision.deny("PDP returned HTTP 500"));
  }

  @Test
  void theStringTrueIsNotAPermit_scenario4() {
    answer = new Answer(200, "{\"permitted\":\"true\"}", 0, 0);
    assertThat(pdp().evaluate(REQUEST)).isEqualTo(PolicyDecision.deny("DENY (no reason provided)"));
    answer = new Answer(200, "{\"permitted\":false,\"reason\":\"outside business hours\"}", 0, 0);
    assertThat(pdp().evaluate(REQUEST)).isEqualTo(PolicyDecision.deny("outside business hours"));
    answer = new Answer(200, "not json", 0, 0);
    assertThat(pdp().evaluate(REQUEST).permitted()).isFalse();
  }

  @Test
  void aPdpThatAnswersAfterThreeAndAHalfSecondsIsDeniedAtThreeSeconds_scenario3() {
    answer = new Answer(200, "{\"permitted\":true}", 3500, 0);
    long t0 = System.nanoTime();
    PolicyDecision d = pdp().evaluate(REQUEST);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(d).isEqualTo(PolicyDecision.deny("PDP request timed out (3s)"));
    assertThat(ms).isBetween(2900L, 3400L);
  }

  @Test
  void theBudgetCoversTheBodyToo() {
    // Headers at once, the body's rest after 3.5 s: the original stopped timing at the headers.
    answer = new Answer(200, "{\"permitted\":true}", 0, 3500);
    long t0 = System.nanoTime();
    PolicyDecision d = pdp().evaluate(REQUEST);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(d).isEqualTo(PolicyDecision.deny("PDP request timed out (3s)"));
    assertThat(ms).isBetween(2900L, 3400L);
  }

  @Test
  void anUnreachablePdpIsANetworkErrorDenialAndIsNotRetried() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    PolicyDecision d =
        new HttpPolicyDecisionPoint(URI.create("http://127.0.0.1:" + closed), null)
            .evaluate(REQUEST);
    assertThat(d.permitted()).isFalse();
    assertThat(d.reason()).startsWith("PDP network error: ");
    assertThat(bodies).isEmpty();
  }

  private static void sleep(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
