package ai.koales.ksp.web.stream.graphql;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.web.platform.Identity;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.api.Context;

/**
 * Who runs a GraphQL operation. Over HTTP, {@link GraphQlAuthFilter} verified the bearer token and
 * holds the identity for the request's thread (SmallRye executes HTTP operations synchronously on
 * it); over WebSocket, {@link GraphQlTransportWs} verified {@code connection_init} and put the
 * identity into the operation's GraphQL context.
 */
final class GraphQlCallers {

  static final String IDENTITY = "ksp.identity";
  static final String LAST_SEQ = "ksp.lastSeq";
  static final String OPERATION = "ksp.operation";

  private static final ThreadLocal<Identity> HTTP = new ThreadLocal<>();

  private GraphQlCallers() {}

  static void bindHttp(Identity identity) {
    HTTP.set(identity);
  }

  static void unbindHttp() {
    HTTP.remove();
  }

  /** The caller, or {@code unauthorized}. */
  static Identity identity(Context context) {
    Object fromSocket = fromContext(context, IDENTITY);
    if (fromSocket instanceof Identity i) {
      return i;
    }
    Identity http = HTTP.get();
    if (http != null) {
      return http;
    }
    throw new KspException(
        "unauthorized", FailureKind.UNAUTHENTICATED, "A valid bearer token is required.");
  }

  static StreamReader reader(Identity identity) {
    return new StreamReader(identity.isAdmin(), identity.orgs());
  }

  /** A value the WebSocket endpoint put into the operation's GraphQL context, or null. */
  static Object fromContext(Context context, String key) {
    DataFetchingEnvironment env =
        context == null ? null : context.unwrap(DataFetchingEnvironment.class);
    return env == null || env.getGraphQlContext() == null ? null : env.getGraphQlContext().get(key);
  }
}
