package ai.koales.ksp.web.artifact;

import ai.koales.ksp.domain.artifact.ArtifactDataTooLargeException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses a graph write whose declared {@code Content-Length} cannot fit the data limit, before the
 * body is read into memory (413 {@code payload-too-large}). The exact limit on the data itself is
 * enforced by the application service after parsing.
 */
@Provider
@LimitedBody
public class BodyLimitFilter implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext ctx) {
    long declared = ctx.getLength();
    long limit =
        ConfigProvider.getConfig()
            .getOptionalValue("ksp.artifact.max-data-bytes", Long.class)
            .orElse(262_144L);
    if (declared > limit + LimitedBody.ENVELOPE_BYTES) {
      throw new ArtifactDataTooLargeException(
          "The request body", declared, limit + LimitedBody.ENVELOPE_BYTES);
    }
  }
}
