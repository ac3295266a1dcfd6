package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** No active consent for a role. */
public class NoActiveConsentException extends KspException {

  private static final long serialVersionUID = 1L;

  public NoActiveConsentException(String orgId, String roleId) {
    super(
        "no-active-consent",
        FailureKind.NOT_FOUND,
        "no active consent for role " + roleId + " in org " + orgId);
  }
}
