package ai.koales.ksp.persistence.gateway;

import ai.koales.ksp.domain.gateway.PolicyDecision;
import ai.koales.ksp.domain.gateway.PolicyDecisionPoint;
import ai.koales.ksp.domain.gateway.PolicyRequest;
import ai.koales.ksp.persistence.platform.JsonValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An external policy decision point (edges.md §2.2): {@code POST {url}/evaluate} with {@code
 * Authorization: Bearer <api key>} and {@code {session_id, actor_type, purpose_id}}. One 3 s budget
 * covers connecting, the headers and the whole body (the original stopped timing at the headers);
 * the call is never retried and never throws: a timeout, a network error or anything but a 2xx with
 * {@code "permitted": true} is a denial with the spec's reason.
 */
public final class HttpPolicyDecisionPoint implements PolicyDecisionPoint {

  private static final Logger LOG = Logger.getLogger(HttpPolicyDecisionPoint.class.getName());

  /** The one budget of a PDP call (the reason {@link PolicyDecision#TIMED_OUT} names it). */
  public static final Duration BUDGET = Duration.ofSeconds(3);

  private final URI evaluate;
  private final String apiKey;
  private final HttpClient http;

  public HttpPolicyDecisionPoint(URI baseUrl, String apiKey) {
    String base = baseUrl.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    this.evaluate = URI.create(base + "/evaluate");
    this.apiKey = apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(BUDGET).build();
  }

  @Override
  public PolicyDecision evaluate(PolicyRequest request) {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    CompletableFuture<HttpResponse<String>> call = null;
    try {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("session_id", request.sessionId());
      body.put("actor_type", request.actorType());
      body.put("purpose_id", request.purposeId());
      HttpRequest.Builder req =
          HttpRequest.newBuilder(evaluate)
              .timeout(BUDGET)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JsonValues.write(body)));
      if (apiKey != null) {
        req.header("Authorization", "Bearer " + apiKey);
      }
      call =
          http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      // The future completes only once the whole body is read: the budget bounds all of it.
      HttpResponse<String> res =
          call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      Object parsed;
      try {
        parsed = JsonValues.parse(res.body());
      } catch (RuntimeException notJson) {
        parsed = null;
      }
      PolicyDecision d = PolicyDecision.ofHttpAnswer(res.statusCode(), parsed);
      if (!d.permitted()) {
        LOG.fine(() -> "PDP denied session " + request.sessionId() + ": " + d.reason());
      }
      return d;
    } catch (TimeoutException e) {
      call.cancel(true);
      return timedOut(request);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpTimeoutException) {
        return timedOut(request);
      }
      return failed(request, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (call != null) {
        call.cancel(true);
      }
      return PolicyDecision.networkError("interrupted");
    } catch (RuntimeException e) {
      return failed(request, e);
    }
  }

  private static PolicyDecision timedOut(PolicyRequest request) {
    LOG.warning(() -> "PDP did not answer within 3 s for session " + request.sessionId());
    return PolicyDecision.deny(PolicyDecision.TIMED_OUT);
  }

  private static PolicyDecision failed(PolicyRequest request, Throwable cause) {
    String detail =
        cause.getMessage() == null || cause.getMessage().isBlank()
            ? cause.getClass().getSimpleName()
            : cause.getMessage();
    LOG.log(Level.WARNING, "PDP call for session " + request.sessionId() + " failed: " + detail);
    return PolicyDecision.networkError(detail);
  }

  @Override
  public String toString() {
    return "PDP at " + evaluate;
  }
}
