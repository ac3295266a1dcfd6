package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * INV-BG-003: the session has not retrieved its knowing state, so it may not record an execution.
 */
public class SessionNotInitializedException extends KspException {

  private static final long serialVersionUID = 1L;

  private final String sessionId;

  public SessionNotInitializedException(String sessionId) {
    this(
        sessionId,
        "session-not-initialized",
        FailureKind.CONFLICT,
        "session " + sessionId + " has not retrieved its knowing state yet");
  }

  protected SessionNotInitializedException(
      String sessionId, String code, FailureKind kind, String message) {
    super(code, kind, message);
    this.sessionId = sessionId;
  }

  public String sessionId() {
    return sessionId;
  }
}
