package ai.koales.ksp.it.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
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
  void aBeanValidationFailureIs400WithFieldAndMessagePerViolation(Ksp ksp) {
    String org = Ksp.newOrg("err");
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions", ksp.token(Ksp.AGENT, org), "{\"roleId\":\"\"}");
    assertProblem(r, 400, "invalid-request");
    List<JsonObject> errors =
        r.json().getJsonArray("errors").stream().map(e -> e.asJsonObject()).toList();
    assertThat(errors).extracting(e -> e.getString("field")).contains("roleId", "agentId");
    assertThat(errors).allSatisfy(e -> assertThat(e.getString("message")).isNotBlank());
  }

  @Test
  void malformedJsonIs400(Ksp ksp) {
    String org = Ksp.newOrg("err");
    assertProblem(
        ksp.post("/api/v1/orgs/" + org + "/sessions", ksp.token(Ksp.AGENT, org), "{\"roleId\":"),
        400,
        "malformed-json");
  }

  @Test
  void anUnsupportedMediaTypeIs415(Ksp ksp) {
    String org = Ksp.newOrg("err");
    assertProblem(
        ksp.send(
            ksp.request("/api/v1/orgs/" + org + "/sessions", ksp.token(Ksp.AGENT, org))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("roleId=r"))),
        415,
        "unsupported-media-type");
  }

  /**
   * An unexpected failure (here: a table the query needs has gone, as after a botched manual
   * change) is a 500 problem without internals, and its correlation id is in the server log with
   * the cause, so an operator can find it from what the caller quotes.
   */
  @Test
  void anUnexpectedFailureIs500WithACorrelationIdThatIsInTheServerLog(Ksp ksp) {
    String org = Ksp.newOrg("err");
    ksp.db().update("ALTER TABLE gear_formula RENAME TO gear_formula_gone");
    HttpResult r;
    try {
      r = ksp.get("/api/v1/orgs/" + org + "/formulas/F-1", ksp.token(Ksp.VIEWER, org));
    } finally {
      ksp.db().update("ALTER TABLE gear_formula_gone RENAME TO gear_formula");
    }
    assertProblem(r, 500, "internal-error");
    assertThat(r.body()).doesNotContainIgnoringCase("gear_formula").doesNotContain("SQL");
    String id = r.header("X-Correlation-Id");
    Await.until(
        "the correlation id in the server log",
        Duration.ofSeconds(10),
        () -> ksp.serverLog().contains(id));
    String log = ksp.serverLog();
    assertThat(log.substring(log.indexOf(id))).containsIgnoringCase("gear_formula");
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/formulas/F-1", ksp.token(Ksp.VIEWER, org)).status())
        .isEqualTo(404);
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
