package ai.koales.ksp.domain.mediation;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** No commission of this run id in this org. */
public class MediationRunNotFoundException extends KspException {

  private static final long serialVersionUID = 1L;

  public MediationRunNotFoundException(String orgId, String runId) {
    super(
        "mediation-run-not-found",
        FailureKind.NOT_FOUND,
        "no commission of run " + runId + " in org " + orgId);
  }
}
