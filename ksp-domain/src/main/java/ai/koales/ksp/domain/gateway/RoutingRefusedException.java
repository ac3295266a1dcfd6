package ai.koales.ksp.domain.gateway;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * The submission cannot be routed to a commissioning (no org) or the org's commissioning refused
 * the signal (Connect {@code failed_precondition}, edges.md §2.1 step 6); the message says why.
 */
public class RoutingRefusedException extends KspException {

  private static final long serialVersionUID = 1L;

  public RoutingRefusedException(String reason) {
    super("routing-refused", FailureKind.UNPROCESSABLE, reason);
  }
}
