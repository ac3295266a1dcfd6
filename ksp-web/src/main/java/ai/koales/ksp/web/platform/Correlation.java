package ai.koales.ksp.web.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation id of a request: taken from a well-formed {@code X-Correlation-Id} header (so a
 * caller's trace id survives), else a new UUID. It appears as the problem's {@code instance} and in
 * the server log, so an operator can find the log lines behind any error a user reports.
 */
public final class Correlation {

  public static final String HEADER = "X-Correlation-Id";
  static final String ATTRIBUTE = "ksp.correlationId";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{8,100}");

  private Correlation() {}

  /** The id of this request, creating and remembering it on first use. */
  public static String of(HttpServletRequest request) {
    if (request == null) {
      return newId();
    }
    Object existing = request.getAttribute(ATTRIBUTE);
    if (existing instanceof String s) {
      return s;
    }
    String given = request.getHeader(HEADER);
    String id = given != null && SAFE.matcher(given).matches() ? given : newId();
    request.setAttribute(ATTRIBUTE, id);
    return id;
  }

  /** The form used in a problem's {@code instance}. */
  public static String instance(HttpServletRequest request) {
    return "urn:ksp:request:" + of(request);
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
