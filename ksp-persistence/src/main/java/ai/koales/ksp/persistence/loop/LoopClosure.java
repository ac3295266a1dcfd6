package ai.koales.ksp.persistence.loop;

import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.bead.KnowingStateSnapshot;
import ai.koales.ksp.domain.loop.ExecutionReport;
import ai.koales.ksp.domain.loop.OutcomeReport;
import ai.koales.ksp.domain.loop.SpecificationIngester;
import ai.koales.ksp.domain.loop.VerificationResult;
import ai.koales.ksp.persistence.bead.BeadGraphService;
import ai.koales.ksp.persistence.loop.LoopResults.AdoptionResult;
import ai.koales.ksp.persistence.loop.LoopResults.AmendmentProposal;
import ai.koales.ksp.persistence.loop.LoopResults.AmendmentProposed;
import ai.koales.ksp.persistence.loop.LoopResults.ExecutionRecorded;
import ai.koales.ksp.persistence.loop.LoopResults.OutcomeRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loop closure as other contexts and the REST API call it (core.md §4.4): BP1-BP5 plus BP6. Each
 * bridge point runs in its own transaction ({@link BridgePoints}); this facade adds what must
 * happen outside one: BP1's retrieval, whose failure must not doom the session's transaction (fail
 * closed: the floor becomes SUGGEST), and BP6, which runs after the adoption has committed and the
 * cache has been invalidated, and whose failure is logged, never thrown.
 */
@ApplicationScoped
public class LoopClosure {

  private static final Logger LOG = Logger.getLogger(LoopClosure.class.getName());

  @Inject BridgePoints bridgePoints;
  @Inject Retrieval retrieval;
  @Inject Instance<SpecificationIngester> ingesters;

  /** BP1: a session whose floor comes from a real retrieval; a failed retrieval gives SUGGEST. */
  public KnowingStateSession openSession(
      String orgId, String roleId, String agentId, String graphId) {
    KnowingStateSnapshot snapshot;
    try {
      snapshot = retrieval.snapshot(orgId, roleId);
    } catch (RuntimeException failed) {
      LOG.log(
          Level.WARNING,
          "BP1 retrieval failed for org "
              + orgId
              + ", role "
              + roleId
              + "; the session is opened at SUGGEST",
          failed);
      snapshot = null;
    }
    return bridgePoints.openSession(
        orgId, roleId, agentId, graphId == null ? GraphKey.MAIN : graphId, snapshot);
  }

  public ExecutionRecorded recordExecution(String orgId, String sessionId, ExecutionReport report) {
    return bridgePoints.recordExecution(orgId, sessionId, report);
  }

  public OutcomeRecorded recordOutcome(
      String orgId, String sessionId, String executionBeadId, OutcomeReport report) {
    return bridgePoints.recordOutcome(orgId, sessionId, executionBeadId, report);
  }

  public AmendmentProposed proposeAmendment(
      String orgId, String graphId, AmendmentProposal proposal) {
    return bridgePoints.proposeAmendment(
        orgId, graphId == null ? GraphKey.MAIN : graphId, proposal);
  }

  /**
   * BP5 then BP6. Never joins a caller's transaction: the adoption must have committed (and the
   * cache been invalidated) before BP6 runs.
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public AdoptionResult adoptAmendment(
      String orgId,
      String graphId,
      String amendmentNodeId,
      String amendmentBeadId,
      String reviewer,
      VerificationResult verification) {
    AdoptionResult result =
        bridgePoints.adoptAmendment(
            orgId,
            graphId == null ? GraphKey.MAIN : graphId,
            amendmentNodeId,
            amendmentBeadId,
            reviewer,
            verification);
    if (result.adopted()) {
      for (SpecificationIngester ingester : ingesters) {
        try {
          ingester.ingest(
              orgId, result.graphId(), result.newSpecificationId(), result.elucidationArtifactId());
        } catch (RuntimeException e) {
          LOG.log(
              Level.WARNING,
              "BP6 ingestion of " + result.newSpecificationId() + " failed; the adoption stands",
              e);
        }
      }
    }
    return result;
  }

  /** BP1's retrieval, in a transaction of its own so that its failure cannot doom the caller's. */
  @ApplicationScoped
  public static class Retrieval {

    @Inject BeadGraphService beads;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public KnowingStateSnapshot snapshot(String orgId, String roleId) {
      return beads.knowingState(orgId, roleId, null);
    }
  }
}
