package ai.koales.ksp.domain.mediation;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** Work-graph atoms are write-once: a reference already stored with other content is refused. */
public class WorkGraphAtomConflictException extends KspException {

  private static final long serialVersionUID = 1L;

  public WorkGraphAtomConflictException(String orgId, String ref) {
    super(
        "workgraph-atom-conflict",
        FailureKind.CONFLICT,
        "work-graph atom " + ref + " of org " + orgId + " exists with other content");
  }
}
