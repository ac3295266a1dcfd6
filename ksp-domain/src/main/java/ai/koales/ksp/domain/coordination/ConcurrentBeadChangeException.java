package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * A compare-and-set on a bead found the row changed although the run was locked: the request is
 * refused unchanged and may be retried.
 */
public class ConcurrentBeadChangeException extends KspException {

  private static final long serialVersionUID = 1L;

  public ConcurrentBeadChangeException(String beadId) {
    super("contention", FailureKind.UNAVAILABLE, "bead " + beadId + " changed concurrently; retry");
  }
}
