package ai.koales.ksp.domain.gateway;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * No factory session with that id exists, so a cancel or review acknowledgement has no
 * commissioning to reach (Connect {@code not_found}).
 */
public class UnknownSessionException extends KspException {

  private static final long serialVersionUID = 1L;

  public UnknownSessionException(String sessionId) {
    super(
        "session-not-found",
        FailureKind.NOT_FOUND,
        "no session " + InvalidGatewayRequestException.quote(sessionId));
  }
}
