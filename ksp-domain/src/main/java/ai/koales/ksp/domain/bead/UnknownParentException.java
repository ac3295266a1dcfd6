package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** A parent that is not a bead of the same org: the write is refused and nothing is stored. */
public class UnknownParentException extends KspException {

  private static final long serialVersionUID = 1L;

  public UnknownParentException(String orgId, String parentId) {
    super(
        "unknown-parent",
        FailureKind.UNPROCESSABLE,
        "parent " + parentId + " is not a bead of org " + orgId);
  }
}
