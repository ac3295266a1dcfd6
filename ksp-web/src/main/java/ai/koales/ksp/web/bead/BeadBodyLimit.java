package ai.koales.ksp.web.bead;

import ai.koales.ksp.domain.bead.PayloadTooLargeException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Bounds a bead or session write's body before JSON-B parses it (413 {@code payload-too-large}): a
 * declared Content-Length over the limit is refused without reading a byte, and a body streamed
 * without one is read up to the limit and refused as soon as it passes it. The content limit itself
 * (256 KiB of canonical JSON, api.md) is checked after parsing; this one, {@code
 * ksp.bead.max-body-bytes} (default 1 MiB), only has to leave room for whitespace, escapes and the
 * envelope around such content, and keeps a huge body from being parsed and canonicalised first.
 */
@Provider
@LimitedBeadBody
public class BeadBodyLimit implements ReaderInterceptor {

  static final long DEFAULT_LIMIT = 1024 * 1024;

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext ctx) throws IOException {
    long limit =
        ConfigProvider.getConfig()
            .getOptionalValue("ksp.bead.max-body-bytes", Long.class)
            .orElse(DEFAULT_LIMIT);
    String declared = ctx.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
    if (declared != null) {
      try {
        long length = Long.parseLong(declared.trim());
        if (length > limit) {
          throw PayloadTooLargeException.body(length, limit);
        }
      } catch (NumberFormatException notANumber) {
        // The container rejects a malformed Content-Length; the stream bound below still holds.
      }
    }
    byte[] body = ctx.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (body.length > limit) {
      throw PayloadTooLargeException.body(-1, limit);
    }
    ctx.setInputStream(new ByteArrayInputStream(body));
    return ctx.proceed();
  }
}
