package ai.koales.ksp.persistence.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A client of any OpenAI-compatible chat-completions server (OpenAI, a local Ollama, vLLM...), as
 * the built-in agents and the commissioning planner use it: one POST to {@code chat/completions},
 * the answer's {@code choices[0].message}. Blocking; an interrupted caller's request is abandoned
 * (P4), and every failure is a {@link Failure} whose message can be shown to an operator.
 */
public final class ChatCompletions {

  private final URI baseUrl;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param baseUrl the server's API root, e.g. {@code http://localhost:11434/v1}
   * @param apiKey sent as a bearer token; null or blank for a local server that needs none
   * @param timeout the longest one call may take (connecting, waiting and reading)
   */
  public ChatCompletions(URI baseUrl, String apiKey, Duration timeout) {
    String base = baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** Sends {@code body} (model, messages, ...) and returns {@code choices[0].message}. */
  public Map<String, Object> complete(Map<String, Object> body)
      throws Failure, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(baseUrl.resolve("chat/completions"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JsonValues.write(body)));
    if (apiKey != null) {
      req.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> res;
    try {
      res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Failure("the model server is unreachable: " + e.getMessage(), e);
    }
    if (res.statusCode() / 100 != 2) {
      String text = res.body() == null ? "" : res.body();
      throw new Failure(
          "the model server answered "
              + res.statusCode()
              + ": "
              + (text.length() > 300 ? text.substring(0, 300) : text),
          null);
    }
    Map<String, Object> json;
    try {
      json = JsonValues.parseObject(res.body());
    } catch (RuntimeException e) {
      throw new Failure("the model server's answer is not JSON", e);
    }
    if (json.get("choices") instanceof List<?> choices
        && !choices.isEmpty()
        && choices.get(0) instanceof Map<?, ?> choice
        && choice.get("message") instanceof Map<?, ?> message) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) message;
      return m;
    }
    throw new Failure("the model server's answer has no choices[0].message", null);
  }

  /** The call did not produce a message: unreachable, refused, or not an answer. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    public Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
