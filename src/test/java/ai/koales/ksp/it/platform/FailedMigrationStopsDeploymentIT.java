package ai.koales.ksp.it.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.ExtraServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A migration that fails stops the deployment with a clear log line, and the server never serves
 * the API on that schema (issue 2, point 4). Runs its own server on its own H2 database.
 */
class FailedMigrationStopsDeploymentIT {

  @Test
  void aSchemaThatCannotBeMigratedKeepsTheApplicationOffline() throws Exception {
    try (ExtraServer server = ExtraServer.named("it-failed-migration")) {
      // A foreign table without Flyway's history: Flyway must refuse to migrate over it.
      server.db().update("CREATE TABLE partition_lock (something_else INT)");
      server.start();

      assertThat(server.awaitLog("KSP schema migration FAILED", Duration.ofSeconds(120)))
          .as("log line naming the failed migration")
          .isTrue();
      assertThat(server.awaitLog("ready in", Duration.ofSeconds(60))).isTrue();
      assertThat(server.log()).contains("no request will be served");

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> api =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/api/v1/me"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).as("the API is not deployed").isEqualTo(404);

      HttpResponse<String> ready =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + server.port() + "/health/ready"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode())
          .as("readiness keeps load balancers away: " + ready.body())
          .isEqualTo(503);
    }
  }
}
