package ai.koales.ksp.domain.commissioning;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * A signal names a session (and stream) id already taken by another org or by a different signal.
 * Session ids are stream ids, global to the server; a retry of a failed session needs a new id.
 */
public class SessionConflictException extends KspException {

  private static final long serialVersionUID = 1L;

  public SessionConflictException(String sessionId, String why) {
    super("session-conflict", FailureKind.CONFLICT, "session " + sessionId + " " + why);
  }
}
