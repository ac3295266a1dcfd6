package ai.koales.ksp.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The stream endpoints are in /openapi with their specific problem responses. */
@SystemTest
class StreamOpenApiIT {

  @Test
  void theStreamEndpointsAreDocumentedWithTheirProblemCodes(Ksp ksp) {
    HttpResult r =
        ksp.send(ksp.request("/openapi", null).header("Accept", "application/json").GET());
    JsonObject paths = r.json().getJsonObject("paths");
    System.out.println(paths.getJsonObject("/api/v1/streams/{streamId}/events"));
    assertThat(paths.keySet())
        .contains(
            "/api/v1/streams/{streamId}/events",
            "/api/v1/streams/{streamId}/replay",
            "/api/v1/streams/{streamId}/head");
    JsonObject append =
        paths.getJsonObject("/api/v1/streams/{streamId}/events").getJsonObject("post");
    assertThat(append.getJsonObject("responses").keySet())
        .contains("201", "400", "401", "409", "413");
    assertThat(append.getJsonArray("security").getJsonObject(0)).as("no bearer token").isEmpty();
    JsonObject replay =
        paths.getJsonObject("/api/v1/streams/{streamId}/replay").getJsonObject("get");
    assertThat(replay.getJsonObject("responses").keySet()).contains("200", "400", "404", "410");
    JsonObject sse = paths.getJsonObject("/api/v1/streams/{streamId}/events").getJsonObject("get");
    assertThat(sse.getJsonObject("responses").keySet()).contains("200", "404", "410");
  }
}
