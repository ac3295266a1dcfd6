package ai.koales.ksp.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpRequest;
import java.time.Duration;

/** A GraphQL client over HTTP and over graphql-transport-ws, as an SDK would be. */
public final class GraphQl {

  public static final String SUBPROTOCOL = "graphql-transport-ws";

  private final Ksp ksp;

  public GraphQl(Ksp ksp) {
    this.ksp = ksp;
  }

  /** POSTs a query; the body is the GraphQL response (data and errors). */
  public HttpResult query(String token, String query, JsonObject variables) {
    JsonObjectBuilder body = Json.createObjectBuilder().add("query", query);
    if (variables != null) {
      body.add("variables", variables);
    }
    return ksp.send(
        ksp.request("/graphql", token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.build().toString())));
  }

  /** Opens a socket and completes connection_init with {@code token}; returns it acknowledged. */
  public WsClient connect(String token) {
    WsClient ws = WsClient.open(ksp.wsUri("/graphql"), SUBPROTOCOL);
    ws.send(
        Json.createObjectBuilder()
            .add("type", "connection_init")
            .add("payload", Json.createObjectBuilder().add("authorization", "Bearer " + token))
            .build());
    JsonObject ack = ws.nextJson(Duration.ofSeconds(15));
    if (!"connection_ack".equals(ack.getString("type"))) {
      throw new AssertionError("expected connection_ack, got " + ack);
    }
    return ws;
  }

  public static JsonObject subscribe(String id, String query, JsonObject extensions) {
    JsonObjectBuilder payload = Json.createObjectBuilder().add("query", query);
    if (extensions != null) {
      payload.add("extensions", extensions);
    }
    return Json.createObjectBuilder()
        .add("id", id)
        .add("type", "subscribe")
        .add("payload", payload)
        .build();
  }

  /** The next message that is not a server keep-alive ping. */
  public static JsonObject next(WsClient ws, Duration timeout) {
    while (true) {
      JsonObject m = ws.nextJson(timeout);
      if (!"ping".equals(m.getString("type", ""))) {
        return m;
      }
    }
  }
}
