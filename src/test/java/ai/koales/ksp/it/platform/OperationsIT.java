package ai.koales.ksp.it.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

/** Health, metrics and OpenAPI answer without a token (issue 2, point 7). */
@SystemTest
class OperationsIT {

  @Test
  void readinessReportsTheDatabaseAndTheCompletedMigration(Ksp ksp) {
    HttpResult r = ksp.get("/health/ready", null);
    assertThat(r.status()).isEqualTo(200);
    JsonObject database = check(r, "database");
    assertThat(database.getString("status")).isEqualTo("UP");
    assertThat(database.getJsonObject("data").getString("migration")).isEqualTo("COMPLETE");
    assertThat(database.getJsonObject("data").getString("product"))
        .isEqualTo(ksp.db().isPostgres() ? "PostgreSQL" : "H2");
  }

  @Test
  void livenessAndTheCombinedHealthAreUp(Ksp ksp) {
    assertThat(ksp.get("/health/live", null).json().getString("status")).isEqualTo("UP");
    HttpResult all = ksp.get("/health", null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().getString("status")).isEqualTo("UP");
  }

  @Test
  void metricsAnswerInPrometheusFormat(Ksp ksp) {
    HttpResult r = ksp.get("/metrics", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("# TYPE");
  }

  @Test
  void theOpenApiDocumentDescribesTheApiAndItsErrorContract(Ksp ksp) {
    HttpResult r =
        ksp.send(ksp.request("/openapi", null).header("Accept", "application/json").GET());
    assertThat(r.status()).isEqualTo(200);
    JsonObject doc = r.json();
    assertThat(doc.getJsonObject("paths").keySet()).contains("/api/v1/me");
    JsonObject responses =
        doc.getJsonObject("paths")
            .getJsonObject("/api/v1/me")
            .getJsonObject("get")
            .getJsonObject("responses");
    assertThat(responses.keySet()).contains("401", "403", "500");
    assertThat(doc.getJsonObject("components").getJsonObject("schemas").keySet())
        .contains("Problem");
    assertThat(doc.getJsonObject("components").getJsonObject("securitySchemes").keySet())
        .contains("bearer");
  }

  @Test
  void theMigrationHistoryIsInTheDatabase(Ksp ksp) {
    long applied =
        ksp.db().count("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE");
    assertThat(applied).isGreaterThanOrEqualTo(1);
  }

  private static JsonObject check(HttpResult r, String name) {
    for (JsonValue v : r.json().getJsonArray("checks")) {
      if (v.asJsonObject().getString("name").equals(name)) {
        return v.asJsonObject();
      }
    }
    throw new AssertionError("No health check " + name + " in " + r.body());
  }
}
