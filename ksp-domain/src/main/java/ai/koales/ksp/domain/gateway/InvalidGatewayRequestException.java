package ai.koales.ksp.domain.gateway;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * A gateway request the gateway cannot act on (Connect {@code invalid_argument}): unreadable, a
 * required member missing, or an envelope rule broken. The message names the field and the value
 * received (edges.md §2.1 step 2).
 */
public class InvalidGatewayRequestException extends KspException {

  private static final long serialVersionUID = 1L;

  public InvalidGatewayRequestException(String message) {
    super("invalid-argument", FailureKind.INVALID_INPUT, message);
  }

  /** "{field} {rule}, got {value}", the value quoted and shortened. */
  public static InvalidGatewayRequestException field(String field, String rule, String got) {
    return new InvalidGatewayRequestException(field + " " + rule + ", got " + quote(got));
  }

  static String quote(String s) {
    if (s == null) {
      return "nothing";
    }
    String shown = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    StringBuilder sb = new StringBuilder(shown.length() + 2).append('"');
    for (char c : shown.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
