package ai.koales.ksp.web.gateway;

import ai.koales.ksp.web.platform.Correlation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Failures the container answers itself for a gateway path, before the gateway servlet runs (a
 * bearer token MicroProfile JWT rejects: 401): the servlet error page hands them here, so that a
 * Connect client still reads {@code {"code","message"}} rather than a problem document.
 */
public final class ConnectErrorPage {

  private ConnectErrorPage() {}

  /** Whether {@code uri} (the failed request's) is the gateway's. */
  public static boolean isGateway(String uri) {
    return uri != null
        && (uri.equals(FactoryGatewayServlet.PATH)
            || uri.startsWith(FactoryGatewayServlet.PATH + "/"));
  }

  /** Writes the Connect error for an HTTP status the container chose. */
  public static void write(
      HttpServletRequest req, HttpServletResponse res, int status, String message)
      throws IOException {
    ConnectCode code =
        switch (status) {
          case 400 -> ConnectCode.INVALID_ARGUMENT;
          case 401 -> ConnectCode.UNAUTHENTICATED;
          case 403 -> ConnectCode.PERMISSION_DENIED;
          case 404 -> ConnectCode.NOT_FOUND;
          case 405, 501 -> ConnectCode.UNIMPLEMENTED;
          case 408, 504 -> ConnectCode.DEADLINE_EXCEEDED;
          case 413 -> ConnectCode.RESOURCE_EXHAUSTED;
          case 429 -> ConnectCode.RESOURCE_EXHAUSTED;
          case 503 -> ConnectCode.UNAVAILABLE;
          case 500 -> ConnectCode.INTERNAL;
          default -> ConnectCode.UNKNOWN;
        };
    byte[] body = ConnectCodec.error(code, message);
    res.setStatus(status);
    res.setContentType(ConnectCodec.UNARY_JSON);
    res.setHeader(Correlation.HEADER, Correlation.of(req));
    if (status == 401 && res.getHeader("WWW-Authenticate") == null) {
      res.setHeader("WWW-Authenticate", "Bearer realm=\"ksp\"");
    }
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
