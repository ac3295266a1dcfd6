package ai.koales.ksp.domain.commissioning;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** No commissioning session with that id in the org. */
public class CommissioningSessionNotFoundException extends KspException {

  private static final long serialVersionUID = 1L;

  public CommissioningSessionNotFoundException(String orgId, String sessionId) {
    super(
        "session-not-found",
        FailureKind.NOT_FOUND,
        "no commissioning session " + sessionId + " in org " + orgId);
  }
}
