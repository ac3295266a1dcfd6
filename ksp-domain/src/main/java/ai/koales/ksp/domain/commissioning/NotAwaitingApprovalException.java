package ai.koales.ksp.domain.commissioning;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** An approval decision for a session that is not waiting for one (api.md: 409). */
public class NotAwaitingApprovalException extends KspException {

  private static final long serialVersionUID = 1L;

  public NotAwaitingApprovalException(String sessionId, CommissioningStatus status) {
    super(
        "not-awaiting-approval",
        FailureKind.CONFLICT,
        "commissioning session "
            + sessionId
            + " is "
            + status.wireName()
            + ", not suspended-approval");
  }
}
