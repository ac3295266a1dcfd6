package ai.koales.ksp.it.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * Every error is RFC 9457 problem+json with a correlation id, never an HTML page (issue 2, point
 * 6).
 */
@SystemTest
class ErrorContractIT {

  static void assertProblem(HttpResult r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemCode()).isEqualTo(code);
    assertThat(r.json().getInt("status")).isEqualTo(status);
    assertThat(r.json().getString("title")).isNotBlank();
    assertThat(r.json().getString("detail")).isNotBlank();
    assertThat(r.json().getString("instance")).startsWith("urn:ksp:request:");
    assertThat(r.body()).doesNotContain("<html", "Exception", "\tat ");
    assertThat(r.header("X-Correlation-Id")).isNotBlank();
    assertThat(r.json().getString("instance")).endsWith(r.header("X-Correlation-Id"));
  }

  @Test
  void anUnknownApiResourceIs404Problem(Ksp ksp) {
    assertProblem(
        ksp.get("/api/v1/no-such-thing", ksp.token(Ksp.VIEWER, "demo")), 404, "not-found");
  }

  @Test
  void anUnknownPathOutsideTheApiIs404ProblemNotAnHtmlPage(Ksp ksp) {
    assertProblem(ksp.get("/no/such/page", null), 404, "not-found");
  }

  @Test
  void aWrongMethodIs405ProblemWithAllow(Ksp ksp) {
    HttpResult r = ksp.post("/api/v1/me", ksp.token(Ksp.VIEWER, "demo"), "{}");
    assertProblem(r, 405, "method-not-allowed");
    assertThat(r.header("Allow")).contains("GET");
  }

  @Test
  void aCallerSuppliedCorrelationIdIsEchoedInTheProblem(Ksp ksp) {
    HttpResult r =
        ksp.send(
            ksp.request("/api/v1/nothing-here", ksp.token(Ksp.VIEWER, "demo"))
                .header("X-Correlation-Id", "trace-1234567890")
                .GET());
    assertThat(r.json().getString("instance")).isEqualTo("urn:ksp:request:trace-1234567890");
    assertThat(r.header("X-Correlation-Id")).isEqualTo("trace-1234567890");
  }

  @Test
  void aRequestThatNeitherAuthenticatesNorMatchesIsStillAProblem(Ksp ksp) {
    HttpResult r =
        ksp.send(
            ksp.request("/api/v1/me", "garbage")
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.status()).isIn(401, 405);
  }
}
