package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * INV-C3 / P7: the caller does not hold the bead's current lease (wrong or stale token, e.g. after
 * a stale rescue, scenario 14).
 */
public class LeaseLostException extends KspException {

  private static final long serialVersionUID = 1L;

  public LeaseLostException(String beadId) {
    super(
        "lease-lost",
        FailureKind.CONFLICT,
        "the lease on bead " + beadId + " is not held by this token (lost or never held)");
  }

  /**
   * A heartbeat on a DONE or FAILED bead: its lease ended with the release or fail. api.md names
   * only {@code lease-lost} for heartbeats, so a terminal bead answers that (with its status in the
   * detail) rather than {@code terminal}.
   */
  public LeaseLostException(String beadId, BeadStatus terminal) {
    super(
        "lease-lost",
        FailureKind.CONFLICT,
        "the lease on bead " + beadId + " has ended: the bead is " + terminal + " (terminal)");
  }
}
