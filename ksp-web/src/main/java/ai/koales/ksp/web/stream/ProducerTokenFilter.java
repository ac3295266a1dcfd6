package ai.koales.ksp.web.stream;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Authenticates external producers before their body is parsed (edges.md §3.1, §3.2, §3.11 fail
 * closed): the stream id is checked first ({@code invalid-id}), then header {@code
 * X-KSP-Producer-Token} must be the HMAC of that id under the configured secret, compared in
 * constant time; with no secret configured every producer is refused. The body is never parsed for
 * a refused producer.
 */
@Provider
@ProducerAuthenticated
@Priority(Priorities.AUTHENTICATION + 10)
public class ProducerTokenFilter implements ContainerRequestFilter {

  public static final String HEADER = "X-KSP-Producer-Token";

  /** The largest event payload accepted (serialized), checked once the body is parsed. */
  static final long MAX_BODY_BYTES = 256 * 1024;

  @Context UriInfo uriInfo;
  @Inject StreamSettings settings;

  @Override
  public void filter(ContainerRequestContext ctx) {
    StreamId streamId = StreamId.of(uriInfo.getPathParameters(true).getFirst("streamId"));
    String secret = settings.producerSecret().orElse(null);
    if (secret == null) {
      refuse(
          ctx,
          "No producer secret is configured (ksp.stream.producer-secret): producers are refused.");
    }
    if (!ProducerTokens.verify(secret, streamId.value(), ctx.getHeaderString(HEADER))) {
      refuse(ctx, "Header " + HEADER + " is missing or is not the producer token of this stream.");
    }
  }

  /**
   * Refuses the request without parsing its body, but after reading it: an HTTP/1.1 client that is
   * still sending would otherwise see the connection reset instead of the 401. The container bounds
   * what it accepts ({@code max-post-size}).
   */
  private static void refuse(ContainerRequestContext ctx, String detail) {
    try (InputStream body = ctx.getEntityStream()) {
      body.transferTo(OutputStream.nullOutputStream());
    } catch (IOException unreadable) {
      // Nothing to discard, or the client went away: the refusal stands either way.
    }
    throw new BadProducerTokenException(detail);
  }
}
