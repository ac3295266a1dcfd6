package ai.koales.ksp.domain.commissioning;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** A session that already ended (idle, failed or rejected) cannot be cancelled. */
public class SessionEndedException extends KspException {

  private static final long serialVersionUID = 1L;

  public SessionEndedException(String sessionId, CommissioningStatus status) {
    super(
        "session-ended",
        FailureKind.CONFLICT,
        "commissioning session " + sessionId + " has already ended (" + status.wireName() + ")");
  }
}
