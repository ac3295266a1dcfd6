package ai.koales.ksp.persistence.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.coordination.AtomDirective;
import ai.koales.ksp.domain.coordination.AtomFailedException;
import ai.koales.ksp.domain.coordination.AtomRunner;
import ai.koales.ksp.domain.coordination.AtomTask;
import ai.koales.ksp.domain.coordination.BeadStatus;
import ai.koales.ksp.domain.coordination.BuiltinAgent;
import ai.koales.ksp.domain.coordination.Claim;
import ai.koales.ksp.domain.coordination.ConsentDecision;
import ai.koales.ksp.domain.coordination.ConsentDeniedException;
import ai.koales.ksp.persistence.platform.JsonValues;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI-compatible runner ({@code ksp.llm.mode=openai}) against a local fake chat-completions
 * server: model per role, tool calls through consent (I4), errors, and a timeout that cancels the
 * HTTP call (P4, scenario 21).
 */
class OpenAiAtomRunnerTest {

  @TempDir Path workspace;
  HttpServer server;
  final Deque<String> answers = new ConcurrentLinkedDeque<>();
  final List<Map<String, Object>> requests = Collections.synchronizedList(new ArrayList<>());
  final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  volatile long answerDelayMs;
  ExecutorService calls = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(JsonValues.parseObject(body));
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          try {
            Thread.sleep(answerDelayMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          String answer = answers.isEmpty() ? "{\"error\":\"no answer queued\"}" : answers.poll();
          int status = answer.startsWith("{\"error\"") ? 500 : 200;
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
          } catch (IOException clientWentAway) {
            // the runner cancelled the call
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    calls.shutdownNow();
  }

  OpenAiAtomRunner runner(Map<String, String> models) {
    return new OpenAiAtomRunner(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/"),
        "sk-test",
        models);
  }

  static String content(String text) {
    return JsonValues.write(
        Map.of(
            "choices", List.of(Map.of("message", Map.of("role", "assistant", "content", text)))));
  }

  static String toolCall(String id, String name, String arguments) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("id", id);
    call.put("type", "function");
    call.put("function", Map.of("name", name, "arguments", arguments));
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", null);
    message.put("tool_calls", List.of(call));
    return JsonValues.write(Map.of("choices", List.of(Map.of("message", message))));
  }

  static Map<String, Object> directive(String atomId, String instructions, long timeoutMs) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("directiveId", "DIR-" + atomId);
    d.put("atomId", atomId);
    d.put("atomRef", "a@1");
    d.put("instruction", instructions);
    d.put("runId", "RUN-1");
    d.put("repoId", "repo");
    d.put("workGraphVersion", "v1");
    d.put("skillRef", "code@1");
    d.put("role", "coder");
    d.put("timeoutMs", timeoutMs);
    d.put("retryPolicy", Map.of("maxAttempts", 1, "backoffMs", 0, "isolatedRetry", false));
    d.put("successCondition", Map.of("type", "output-contains", "substring", "PASS"));
    d.put("permittedTools", List.of("read_file"));
    d.put("sandboxConfig", Map.of("persistFilesystem", false));
    d.put("envVars", Map.of());
    return d;
  }

  AtomTask task(String role, Map<String, Object> directive) {
    AtomDirective d =
        AtomDirective.check(directive, JsonValues::parse, "RUN-1", (String) directive.get("atomId"))
            .directive();
    return new AtomTask(
        "RUN-1",
        (String) directive.get("atomId"),
        1,
        role,
        d.instructions(),
        List.of("A0"),
        workspace,
        d);
  }

  @Test
  void itAsksTheRolesModelAndReturnsTheFinalText() throws Exception {
    answers.add(content("all tests PASS"));
    String out =
        runner(Map.of("coder", "llama3.2"))
            .run(task("coder", directive("A1", "write the code", 60_000)), (t, id) -> {});

    assertThat(out).isEqualTo("all tests PASS");
    Map<String, Object> req = requests.get(0);
    assertThat(req.get("model")).isEqualTo("llama3.2");
    List<?> messages = (List<?>) req.get("messages");
    assertThat(((Map<?, ?>) messages.get(0)).get("role")).isEqualTo("system");
    assertThat(((Map<?, ?>) messages.get(1)).get("content")).isEqualTo("write the code");
    List<?> tools = (List<?>) req.get("tools");
    assertThat(((Map<?, ?>) ((Map<?, ?>) tools.get(0)).get("function")).get("name"))
        .isEqualTo("read_file");
    assertThat(authorizations).containsExactly("Bearer sk-test");
  }

  @Test
  void aToolCallPassesConsentRunsInTheWorkspaceAndItsResultGoesBack() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "hello from the workspace");
    answers.add(toolCall("tc-1", "read_file", "{\"path\":\"notes.txt\"}"));
    answers.add(content("read it: PASS"));
    List<String> gate = new ArrayList<>();

    String out =
        runner(Map.of("coder", "m"))
            .run(
                task("coder", directive("A1", "read notes", 60_000)),
                (t, id) -> gate.add(t + "/" + id));

    assertThat(out).isEqualTo("read it: PASS");
    assertThat(gate).containsExactly("read_file/tc-1");
    List<?> messages = (List<?>) requests.get(1).get("messages");
    Map<?, ?> toolAnswer = (Map<?, ?>) messages.get(messages.size() - 1);
    assertThat(toolAnswer.get("role")).isEqualTo("tool");
    assertThat(toolAnswer.get("tool_call_id")).isEqualTo("tc-1");
    assertThat(toolAnswer.get("content")).isEqualTo("hello from the workspace");
  }

  @Test
  void aRefusedToolNeverRunsAndEndsTheAtom_I4() {
    answers.add(toolCall("tc-9", "shell", "{\"cmd\":\"rm -rf /\"}"));
    assertThatThrownBy(
            () ->
                runner(Map.of("coder", "m"))
                    .run(
                        task("coder", directive("A1", "x", 60_000)),
                        (tool, id) -> {
                          throw new ConsentDeniedException(tool, "A1");
                        }))
        .isInstanceOf(ConsentDeniedException.class);
    assertThat(requests).hasSize(1);
  }

  @Test
  void aServerErrorOrAMissingModelFailsTheAtom() {
    answers.add("{\"error\":\"overloaded\"}");
    assertThatThrownBy(
            () ->
                runner(Map.of("coder", "m"))
                    .run(task("coder", directive("A1", "x", 60_000)), (t, i) -> {}))
        .isInstanceOf(AtomFailedException.class)
        .hasMessageContaining("500");
    assertThatThrownBy(
            () -> runner(Map.of()).run(task("critic", directive("A1", "x", 60_000)), (t, i) -> {}))
        .isInstanceOf(AtomFailedException.class)
        .hasMessageContaining("ksp.llm.model.critic");
  }

  @Test
  void aTimeoutCancelsTheHttpCallAndNoThreadIsLeftRunning_scenario21() throws Exception {
    answerDelayMs = 30_000;
    answers.add(content("too late: PASS"));
    CountDownLatch ended = new CountDownLatch(1);
    OpenAiAtomRunner openai = runner(Map.of("coder", "m"));
    AtomRunner watched =
        (t, gate) -> {
          try {
            return openai.run(t, gate);
          } finally {
            ended.countDown();
          }
        };
    List<Object> failures = new ArrayList<>();
    BuiltinAgent.AtomHooks hooks =
        new BuiltinAgent.AtomHooks() {
          public long heartbeat(Claim c) {
            return 0;
          }

          public void release(Claim c, Object result) {
            throw new AssertionError("must not release");
          }

          public void fail(Claim c, Object error) {
            failures.add(error);
          }

          public ConsentDecision consent(Claim c, String tool, String callId) {
            return new ConsentDecision(true, BeadStatus.IN_PROGRESS);
          }
        };
    BuiltinAgent agent =
        new BuiltinAgent(
            hooks,
            watched,
            calls,
            workspace.getParent(),
            Duration.ofMillis(200),
            Duration.ofMinutes(10),
            Clock.systemUTC());
    Claim claim =
        new Claim(
            "org",
            "RUN-1",
            "A1",
            "WG-1",
            "GEAR-default",
            "coder",
            "agent",
            "lease",
            1,
            0,
            directive("A1", "slow", 1000),
            List.of(),
            "s",
            "e");

    long started = System.nanoTime();
    BuiltinAgent.Attempt attempt = agent.execute(claim);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(attempt.ending()).isEqualTo(BuiltinAgent.Ending.TIMED_OUT);
    assertThat(tookMs).isBetween(1000L, 5000L);
    assertThat(ended.await(3, TimeUnit.SECONDS)).as("the HTTP call was cancelled").isTrue();
    assertThat(failures).hasSize(1);
    assertThat(((Map<?, ?>) failures.get(0)).get("error").toString()).startsWith("timeout");
  }
}
