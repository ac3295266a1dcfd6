package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** Bead content, or a request body carrying it, beyond the documented limit. */
public class PayloadTooLargeException extends KspException {

  private static final long serialVersionUID = 1L;

  public PayloadTooLargeException(int size, int limit) {
    this("content is " + size + " bytes of canonical JSON; the limit is " + limit);
  }

  private PayloadTooLargeException(String message) {
    super("payload-too-large", FailureKind.PAYLOAD_TOO_LARGE, message);
  }

  /**
   * A request body refused before it is parsed: {@code declared} bytes by its Content-Length, or -1
   * when it was streamed without one and ran past {@code limit}.
   */
  public static PayloadTooLargeException body(long declared, long limit) {
    return new PayloadTooLargeException(
        (declared < 0
                ? "the request body is larger than " + limit + " bytes"
                : "the request body is " + declared + " bytes")
            + "; bodies over "
            + limit
            + " bytes are refused before parsing (content itself is limited to "
            + Bead.MAX_CONTENT_BYTES
            + " bytes of canonical JSON)");
  }
}
