package ai.koales.ksp.domain.gateway;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** The policy decision point did not permit the submission; the message is its reason. */
public class PolicyDeniedException extends KspException {

  private static final long serialVersionUID = 1L;

  public PolicyDeniedException(String reason) {
    super("policy-denied", FailureKind.FORBIDDEN, reason);
  }
}
