package ai.koales.ksp.web.stream;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.BadProducerTokenException;
import ai.koales.ksp.domain.stream.ProducerTokens;
import ai.koales.ksp.domain.stream.StreamId;
import ai.koales.ksp.persistence.stream.StreamSettings;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates external producers before their body is read (edges.md §3.1, §3.2, §3.11 fail
 * closed): the stream id is checked first ({@code invalid-id}), then header {@code
 * X-KSP-Producer-Token} must be the HMAC of that id under the configured secret, compared in
 * constant time; with no secret configured every producer is refused. Oversized bodies are refused
 * by their declared length.
 */
@Provider
@ProducerAuthenticated
@Priority(Priorities.AUTHENTICATION + 10)
public class ProducerTokenFilter implements ContainerRequestFilter {

  public static final String HEADER = "X-KSP-Producer-Token";
  static final long MAX_BODY_BYTES = 256 * 1024;

  @Context UriInfo uriInfo;
  @Inject StreamSettings settings;

  @Override
  public void filter(ContainerRequestContext ctx) {
    StreamId streamId = StreamId.of(uriInfo.getPathParameters(true).getFirst("streamId"));
    String secret = settings.producerSecret().orElse(null);
    if (secret == null) {
      throw new BadProducerTokenException(
          "No producer secret is configured (ksp.stream.producer-secret): producers are refused.");
    }
    if (!ProducerTokens.verify(secret, streamId.value(), ctx.getHeaderString(HEADER))) {
      throw new BadProducerTokenException(
          "Header " + HEADER + " is missing or is not the producer token of this stream.");
    }
    if (ctx.getLength() > MAX_BODY_BYTES) {
      throw new KspException(
          "payload-too-large",
          FailureKind.PAYLOAD_TOO_LARGE,
          "An event body may not exceed " + MAX_BODY_BYTES + " bytes.");
    }
  }
}
