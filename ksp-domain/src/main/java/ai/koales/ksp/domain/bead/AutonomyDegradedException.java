package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * INV-BG-008: the requested autonomy is above the session's floor (e.g. after a failed retrieval).
 */
public class AutonomyDegradedException extends KspException {

  private static final long serialVersionUID = 1L;

  public AutonomyDegradedException(AutonomyLevel requested, AutonomyLevel floor) {
    super(
        "autonomy-degraded",
        FailureKind.FORBIDDEN,
        "autonomy " + requested + " is above this session's floor " + floor);
  }
}
