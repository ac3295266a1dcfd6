package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** No current trust bead for a subject. */
public class NoTrustHeadException extends KspException {

  private static final long serialVersionUID = 1L;

  public NoTrustHeadException(String orgId, String subjectId) {
    super(
        "no-trust-head",
        FailureKind.NOT_FOUND,
        "no trust bead for subject " + subjectId + " in org " + orgId);
  }
}
