package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** I4: the knowing state could not be retrieved; the session has been degraded to SUGGEST. */
public class KnowingStateUnavailableException extends KspException {

  private static final long serialVersionUID = 1L;

  public KnowingStateUnavailableException(String sessionId, Throwable cause) {
    super(
        "knowing-state-unavailable",
        FailureKind.UNAVAILABLE,
        "knowing state could not be retrieved; session " + sessionId + " is degraded to SUGGEST",
        cause);
  }
}
