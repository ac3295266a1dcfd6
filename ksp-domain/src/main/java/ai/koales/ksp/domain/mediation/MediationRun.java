package ai.koales.ksp.domain.mediation;

/**
 * What mediation knows of one run (coordination.md §1.7 meta): its lifecycle, what was compiled,
 * the Specification node it wrote, and the reason and details of the last failure.
 */
public record MediationRun(
    String runId,
    String orgId,
    MediationLifecycle lifecycle,
    String workGraphId,
    String workGraphVersion,
    String eluciationArtifactId,
    String specificationId,
    int atomCount,
    long lastCommissionAt,
    String failureReason,
    String failureDetails) {}
