package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * FR-16 / P9: asking a molecule without beads for its next bead is a permanent error, never
 * completion (BeadsNotSeededError).
 */
public class BeadsNotSeededException extends KspException {

  private static final long serialVersionUID = 1L;

  public BeadsNotSeededException(String moleculeId) {
    super(
        "beads-not-seeded",
        FailureKind.UNPROCESSABLE,
        "BeadsNotSeededError: molecule " + moleculeId + " has no beads");
  }
}
