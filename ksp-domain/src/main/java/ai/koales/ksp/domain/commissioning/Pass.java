package ai.koales.ksp.domain.commissioning;

/**
 * The steps of the commissioning job, in their normative order (coordination.md §4.5, §8), with the
 * error code a failure of each reports.
 */
public enum Pass {
  FETCH_ELUCIDATION("fetch-elucidation", "elucidation-artifact-not-found"),
  SYNTHESIZE_PRESSURE("synthesize-pressure", "pressure-synthesis-failed"),
  MAP_CAPABILITY("map-capability", "capability-mapping-failed"),
  PROPOSE_FUNCTION("propose-function", "invalid-function-proposal"),
  COMPILE_PRD("compile-prd", "invalid-intent-specification"),
  APPROVAL_GATE("approval-gate", "approval-failed"),
  EMIT_TO_MEDIATION("emit-to-mediation", "mediation-emit-failed");

  private final String stepName;
  private final String errorCode;

  Pass(String stepName, String errorCode) {
    this.stepName = stepName;
    this.errorCode = errorCode;
  }

  /** The step id in the job XML, also the wire name of {@code resumeFrom}. */
  public String stepName() {
    return stepName;
  }

  public String errorCode() {
    return errorCode;
  }

  public static Pass fromStepName(String name) {
    for (Pass p : values()) {
      if (p.stepName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown commissioning step " + name);
  }
}
