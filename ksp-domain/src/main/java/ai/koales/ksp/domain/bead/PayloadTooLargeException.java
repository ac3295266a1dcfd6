package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** Bead content beyond the documented limit. */
public class PayloadTooLargeException extends KspException {

  private static final long serialVersionUID = 1L;

  public PayloadTooLargeException(int size, int limit) {
    super(
        "payload-too-large",
        FailureKind.PAYLOAD_TOO_LARGE,
        "content is " + size + " bytes of canonical JSON; the limit is " + limit);
  }
}
