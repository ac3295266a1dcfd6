package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** The run has no bead of this molecule. */
public class MoleculeNotFoundException extends KspException {

  private static final long serialVersionUID = 1L;

  public MoleculeNotFoundException(String runId, String moleculeId) {
    super(
        "molecule-not-found",
        FailureKind.NOT_FOUND,
        "run " + runId + " has no bead of molecule " + moleculeId);
  }
}
