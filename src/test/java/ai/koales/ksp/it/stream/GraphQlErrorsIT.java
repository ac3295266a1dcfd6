package ai.koales.ksp.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.GraphQl;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import ai.koales.ksp.it.support.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every GraphQL error carries {@code extensions.code} and a message that says what is wrong, never
 * "System error" (issue acceptance point 5), including the errors GraphQL itself raises before any
 * resolver runs: syntax, unknown fields, arguments of the wrong type or missing, variables that do
 * not coerce; over HTTP and in a graphql-transport-ws {@code error} message. A body that is not
 * JSON at all is no GraphQL request: it gets the problem+json answer every KSP endpoint gives.
 */
@SystemTest
class GraphQlErrorsIT {

  static final Duration WAIT = Duration.ofSeconds(15);

  static JsonArray errors(HttpResult r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/");
    assertThat(r.json().containsKey("errors")).as(r.body()).isTrue();
    return r.json().getJsonArray("errors");
  }

  static void assertCoded(JsonArray errors, String code) {
    assertThat(errors).isNotEmpty();
    for (JsonObject e : errors.getValuesAs(JsonObject.class)) {
      assertThat(e.getString("message"))
          .as(e.toString())
          .isNotBlank()
          .doesNotContain("System error");
      assertThat(e.getJsonObject("extensions").getString("code")).as(e.toString()).isEqualTo(code);
    }
  }

  @Test
  void graphQlsOwnErrorsHaveCodesOverHttp(Ksp ksp) {
    GraphQl gql = new GraphQl(ksp);
    String token = ksp.token(Ksp.VIEWER, "x");
    assertCoded(errors(gql.query(token, "{ session(id: \"s\") ", null)), "GRAPHQL_PARSE_FAILED");
    assertCoded(errors(gql.query(token, "{ nope }", null)), "GRAPHQL_VALIDATION_FAILED");
    assertCoded(
        errors(gql.query(token, "{ sessions(assemblyId: \"a\", limit: \"x\") { cursor } }", null)),
        "GRAPHQL_VALIDATION_FAILED");
    assertCoded(errors(gql.query(token, "{ session { id } }", null)), "GRAPHQL_VALIDATION_FAILED");
    assertCoded(
        errors(gql.query(token, "{ sessions(assemblyId: \"a\", status: NOPE) { cursor } }", null)),
        "GRAPHQL_VALIDATION_FAILED");
    assertCoded(
        errors(
            gql.query(
                token,
                "query($l: Int) { sessions(assemblyId: \"a\", limit: $l) { cursor } }",
                Json.createObjectBuilder().add("l", "many").build())),
        "GRAPHQL_VALIDATION_FAILED");
    // A business failure keeps its own code.
    assertCoded(
        errors(gql.query(token, "{ lineage(artifactId: \"a\", depth: 9) { depth } }", null)),
        "BAD_USER_INPUT");
  }

  @Test
  void aRequestWithoutAQueryIsAnErrorWithACodeAndOneThatIsNotJsonAProblem(Ksp ksp) {
    String token = ksp.token(Ksp.VIEWER, "x");
    HttpResult noQuery =
        ksp.send(
            ksp.request("/graphql", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"nothing\":1}")));
    assertCoded(errors(noQuery), "BAD_REQUEST");
    HttpResult notJson =
        ksp.send(
            ksp.request("/graphql", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":")));
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.contentType()).startsWith("application/problem+json");
    assertThat(notJson.json().getString("type")).isEqualTo("urn:ksp:problem:malformed-json");
  }

  @Test
  void aSubscriptionThatDoesNotValidateIsAnErrorMessageWithCodes(Ksp ksp) {
    try (WsClient ws = new GraphQl(ksp).connect(ksp.token(Ksp.VIEWER, "x"))) {
      ws.send(GraphQl.subscribe("bad", "subscription { nope }", null));
      JsonObject m = GraphQl.next(ws, WAIT);
      assertThat(m.getString("type")).as(m.toString()).isEqualTo("error");
      assertThat(m.getString("id")).isEqualTo("bad");
      assertCoded(m.getJsonArray("payload"), "GRAPHQL_VALIDATION_FAILED");
      ws.send(GraphQl.subscribe("syntax", "subscription { sessionEvents(", null));
      JsonObject s = GraphQl.next(ws, WAIT);
      assertThat(s.getString("type")).as(s.toString()).isEqualTo("error");
      assertCoded(s.getJsonArray("payload"), "GRAPHQL_PARSE_FAILED");
    }
  }
}
