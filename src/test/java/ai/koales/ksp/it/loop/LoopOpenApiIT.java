package ai.koales.ksp.it.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loop closure's part of {@code /openapi} (api.md: everything must appear there): every bridge
 * point with its answers' schemas and every problem it can answer.
 */
@SystemTest
class LoopOpenApiIT {

  static final String BASE = "/api/v1/orgs/{org}/loop";

  @Test
  void everyBridgePointIsDescribedWithItsSchemasAndProblems(Ksp ksp) {
    HttpResult doc = ksp.get("/openapi?format=json", null);
    assertThat(doc.status()).isEqualTo(200);
    JsonObject paths = doc.json().getJsonObject("paths");
    assertThat(paths.keySet())
        .contains(
            BASE + "/sessions",
            BASE + "/sessions/{sessionId}/executions",
            BASE + "/sessions/{sessionId}/outcomes",
            BASE + "/amendments",
            BASE + "/amendments/{amendmentNodeId}/adoption");

    Map<String, String[]> expected =
        Map.of(
            BASE + "/sessions",
            new String[] {"201", "400", "401", "403"},
            BASE + "/sessions/{sessionId}/executions",
            new String[] {"200", "201", "400", "401", "403", "404", "413"},
            BASE + "/sessions/{sessionId}/outcomes",
            new String[] {"200", "201", "400", "401", "403", "404", "413"},
            BASE + "/amendments",
            new String[] {"200", "201", "400", "401", "403", "404", "413", "422"},
            BASE + "/amendments/{amendmentNodeId}/adoption",
            new String[] {"200", "400", "401", "403", "404", "409", "422"});
    expected.forEach(
        (path, codes) -> {
          JsonObject responses = responses(paths, path);
          assertThat(responses.keySet()).as(path).contains(codes);
          String success = responses.containsKey("201") ? "201" : "200";
          assertThat(schemaOf(responses.getJsonObject(success)))
              .as(path + " " + success + " has a schema")
              .isNotNull();
          for (String code : codes) {
            if (code.startsWith("4")) {
              JsonObject content = responses.getJsonObject(code).getJsonObject("content");
              assertThat(content).as(path + " " + code + " has content").isNotNull();
              assertThat(
                      content
                          .getJsonObject("application/problem+json")
                          .getJsonObject("schema")
                          .getString("$ref"))
                  .as(path + " " + code + " is a problem")
                  .endsWith("/Problem");
            }
          }
        });

    JsonObject adoption = responses(paths, BASE + "/amendments/{amendmentNodeId}/adoption");
    assertThat(adoption.getJsonObject("409").getString("description"))
        .contains("amendment-already-resolved", "amendment-target-superseded");
    assertThat(adoption.getJsonObject("422").getString("description"))
        .contains("unanchored-amendment");
    assertThat(responses(paths, BASE + "/amendments").getJsonObject("422").getString("description"))
        .contains("no-amendment-target", "unanchored-divergence");

    JsonObject schemas = doc.json().getJsonObject("components").getJsonObject("schemas");
    assertThat(schemas.keySet())
        .contains("LoopSession", "LoopExecution", "LoopOutcome", "LoopAmendment", "LoopAdoption");
    assertThat(schemas.getJsonObject("LoopAdoption").getJsonObject("properties").keySet())
        .contains("adopted", "newSpecificationId", "newBeadId", "approvedBeadId", "rejectedBeadId");
    assertThat(schemas.getJsonObject("LoopOutcome").getJsonObject("properties").keySet())
        .contains("outcomeBeadId", "traceNodeId", "divergenceIds", "triggersAmendment");
  }

  static JsonObject responses(JsonObject paths, String path) {
    return paths.getJsonObject(path).getJsonObject("post").getJsonObject("responses");
  }

  /** The response's JSON schema (a $ref or an inline schema), or null. */
  static JsonObject schemaOf(JsonObject response) {
    JsonObject content = response.getJsonObject("content");
    if (content == null) {
      return null;
    }
    JsonObject json = content.getJsonObject("application/json");
    return json == null ? null : json.getJsonObject("schema");
  }
}
