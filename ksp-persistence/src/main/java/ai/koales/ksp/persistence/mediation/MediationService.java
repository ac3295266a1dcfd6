package ai.koales.ksp.persistence.mediation;

import ai.koales.ksp.domain.mediation.CommissionRequest;
import ai.koales.ksp.domain.mediation.CommissionResult;
import ai.koales.ksp.domain.mediation.CompileFailureException;
import ai.koales.ksp.domain.mediation.MediationRun;
import ai.koales.ksp.domain.mediation.MediationRunNotFoundException;
import ai.koales.ksp.domain.mediation.WorkGraphAtom;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Mediation (coordination.md §4.4): compiles a commission into v2 directives and seeds the run.
 * Called over REST and in-process by the commissioning emit step, never inside a caller's
 * transaction: the compile has its own, and a failure is recorded after its rollback.
 */
@ApplicationScoped
public class MediationService {

  private static final Logger LOG = Logger.getLogger(MediationService.class.getName());

  @Inject MediationWrites writes;

  /** Persists work-graph atoms for later commissions (Q4); returns their refs. */
  public List<String> storeAtoms(String orgId, List<WorkGraphAtom> atoms) {
    return writes.storeAtoms(orgId, atoms);
  }

  /**
   * Compiles and seeds (idempotent per run id). {@code streamId}: where the run's events go (the
   * commissioning session), or null for the run's own stream.
   *
   * @throws CompileFailureException with the spec's reason; the run's lifecycle is then FAILED
   */
  public CommissionResult commission(CommissionRequest request, String streamId) {
    try {
      return writes.compile(request, streamId);
    } catch (CompileFailureException e) {
      writes.failed(request, e.reason().specName(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      // §3.2: an unexpected error also ends the compile FAILED (reported as coherence_failure);
      // the caller still sees it as the server error it is.
      LOG.log(Level.WARNING, "commission of " + request.runId() + " failed unexpectedly", e);
      writes.failed(
          request,
          CompileFailureException.Reason.COHERENCE_FAILURE.specName(),
          "unexpected error: " + e);
      throw e;
    }
  }

  /** The run's mediation state, within its org. */
  public MediationRun run(String orgId, String runId) {
    return writes
        .run(runId)
        .filter(r -> r.orgId().equals(orgId))
        .orElseThrow(() -> new MediationRunNotFoundException(orgId, runId));
  }

  /** Q11: the coordinator reports the run's end; the lifecycle becomes COMPLETE. */
  public void complete(String runId) {
    writes.complete(runId);
  }
}
