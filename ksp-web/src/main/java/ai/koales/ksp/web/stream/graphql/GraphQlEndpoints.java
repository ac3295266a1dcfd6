package ai.koales.ksp.web.stream.graphql;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which WebSocket endpoints the application deploys: every annotated endpoint found, except
 * SmallRye GraphQL's own {@code /graphql} endpoint, which {@link GraphQlTransportWs} replaces (two
 * endpoints cannot share a path, and SmallRye's does not authenticate {@code connection_init}).
 */
public class GraphQlEndpoints implements ServerApplicationConfig {

  static final String SMALLRYE_ENDPOINT = "io.smallrye.graphql.servlet.GraphQLServerWebSocket";

  @Override
  public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpoints) {
    return Set.of();
  }

  @Override
  public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
    return scanned.stream()
        .filter(c -> !SMALLRYE_ENDPOINT.equals(c.getName()))
        .collect(Collectors.toSet());
  }
}
