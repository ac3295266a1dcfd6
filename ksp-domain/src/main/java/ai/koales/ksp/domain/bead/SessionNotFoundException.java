package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;

/**
 * No such session in the org, or it expired (24 h without activity). It is a kind of {@link
 * SessionNotInitializedException} because an unknown session has certainly not retrieved its
 * knowing state (core.md §8 scenario 19); the API answers it with 404 {@code session-not-found}.
 */
public class SessionNotFoundException extends SessionNotInitializedException {

  private static final long serialVersionUID = 1L;

  public SessionNotFoundException(String sessionId) {
    super(sessionId, "session-not-found", FailureKind.NOT_FOUND, "session not found: " + sessionId);
  }
}
