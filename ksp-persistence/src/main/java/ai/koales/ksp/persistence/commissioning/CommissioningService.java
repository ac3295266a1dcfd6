package ai.koales.ksp.persistence.commissioning;

import ai.koales.ksp.domain.artifact.ArtifactNode;
import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.artifact.NodeTypes;
import ai.koales.ksp.domain.artifact.Relations;
import ai.koales.ksp.domain.commissioning.CommissioningSession;
import ai.koales.ksp.domain.commissioning.CommissioningSessionNotFoundException;
import ai.koales.ksp.domain.commissioning.CommissioningSignal;
import ai.koales.ksp.domain.commissioning.CommissioningStatus;
import ai.koales.ksp.domain.commissioning.Decomposer;
import ai.koales.ksp.domain.commissioning.Elucidation;
import ai.koales.ksp.domain.commissioning.Pass;
import ai.koales.ksp.domain.commissioning.PassArtifacts;
import ai.koales.ksp.domain.commissioning.PassFailedException;
import ai.koales.ksp.domain.commissioning.PassOutcome;
import ai.koales.ksp.domain.commissioning.Planner;
import ai.koales.ksp.domain.commissioning.PlannerOutputException;
import ai.koales.ksp.domain.mediation.CommissionRequest;
import ai.koales.ksp.domain.mediation.CommissionResult;
import ai.koales.ksp.domain.mediation.CompileFailureException;
import ai.koales.ksp.domain.mediation.RunIds;
import ai.koales.ksp.domain.mediation.WorkGraphAtom;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.persistence.commissioning.SessionWrites.Active;
import ai.koales.ksp.persistence.commissioning.SessionWrites.Submitted;
import ai.koales.ksp.persistence.mediation.MediationService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The commissioning context's application service (coordination.md §4.5): intake, decisions, and
 * the passes the {@code commissioning} batch job runs one per step. A pass calls the planner
 * outside any transaction, validates what it returned, and persists the artifact with its edge and
 * the session's checkpoint in one short transaction (CA-INV-003), so a restarted job skips what is
 * done and a replay writes nothing twice (content ids).
 */
@ApplicationScoped
public class CommissioningService {

  private static final Logger LOG = Logger.getLogger(CommissioningService.class.getName());

  @Inject SessionWrites writes;
  @Inject MediationService mediation;
  @Inject Planner planner;
  @Inject CommissioningSettings settings;
  @Inject Clock clock;
  @Inject Event<SessionAbandoned> abandoned;

  // ------------------------------------------------------------------------------------- API

  /** POST /signal: stores the session queued; the worker picks it up (no model call here). */
  public Submitted submit(CommissioningSignal signal) {
    return writes.submit(signal);
  }

  public CommissioningSession session(String orgId, String sessionId) {
    return withJob(orgId, sessionId).session();
  }

  /** The session with the batch job execution working on it (for operators' views). */
  public Active withJob(String orgId, String sessionId) {
    return writes
        .byId(sessionId)
        .filter(a -> a.session().orgId().equals(orgId))
        .orElseThrow(() -> new CommissioningSessionNotFoundException(orgId, sessionId));
  }

  /** A human's approval decision (Q5); the worker restarts or abandons the stopped job. */
  public CommissioningSession decide(
      String orgId, String sessionId, boolean approve, String approver, String reason) {
    Active decided = writes.decide(orgId, sessionId, approve, approver, reason);
    if (!approve) {
      abandoned.fire(new SessionAbandoned(sessionId, decided.jobExecutionId()));
    }
    return decided.session();
  }

  // ---------------------------------------------------------------------------------- passes

  /**
   * Runs one step of the job for the session. Returns the step's exit status: COMPLETED (go on),
   * AWAITING_APPROVAL (the gate stops the job), FAILED (the session failed with the pass's code) or
   * ENDED (the session no longer runs). An unexpected error propagates, so the step and the job
   * fail and the worker resumes the session (bounded).
   */
  public PassOutcome runPass(String sessionId, Pass pass) {
    Optional<Active> active = writes.byId(sessionId);
    if (active.isEmpty() || active.get().session().status() != CommissioningStatus.COMMISSIONING) {
      return PassOutcome.ENDED;
    }
    CommissioningSession s = active.get().session();
    try {
      return switch (pass) {
        case FETCH_ELUCIDATION ->
            s.hasArtifact(pass) ? PassOutcome.COMPLETED : ended(writes.fetchElucidation(sessionId));
        case SYNTHESIZE_PRESSURE, MAP_CAPABILITY, PROPOSE_FUNCTION, COMPILE_PRD ->
            s.hasArtifact(pass) ? PassOutcome.COMPLETED : plan(s, pass);
        case APPROVAL_GATE -> gate(s);
        case EMIT_TO_MEDIATION -> emit(s);
      };
    } catch (PassFailedException e) {
      writes.fail(sessionId, e.code(), e.getMessage(), null);
      return PassOutcome.FAILED;
    } catch (PlannerOutputException | InvalidInputException e) {
      writes.fail(sessionId, pass.errorCode(), e.getMessage(), null);
      return PassOutcome.FAILED;
    }
  }

  private PassOutcome plan(CommissioningSession s, Pass pass) {
    CommissioningSignal signal = s.signal();
    GraphKey graph = GraphKey.of(s.orgId(), GraphKey.MAIN);
    Map<String, Object> artifact;
    String nodeType;
    String target;
    String rel;
    switch (pass) {
      case SYNTHESIZE_PRESSURE -> {
        ArtifactNode elucidation = writes.node(s.orgId(), signal.elucidationArtifactId());
        artifact =
            PassArtifacts.pressure(
                planner.pressure(new Elucidation(elucidation.id(), elucidation.data()), signal),
                signal);
        nodeType = NodeTypes.PRESSURE;
        target = signal.dispositionEventId();
        rel = Relations.PRODUCED_AT;
      }
      case MAP_CAPABILITY -> {
        String pressureId = s.artifact(Pass.SYNTHESIZE_PRESSURE);
        artifact =
            PassArtifacts.capability(
                planner.capability(data(graph, pressureId), signal), signal, pressureId);
        nodeType = NodeTypes.CAPABILITY;
        target = pressureId;
        rel = Relations.GOVERNS;
      }
      case PROPOSE_FUNCTION -> {
        String capabilityId = s.artifact(Pass.MAP_CAPABILITY);
        artifact =
            PassArtifacts.functionProposal(
                planner.functionProposal(data(graph, capabilityId), signal), signal, capabilityId);
        nodeType = NodeTypes.FUNCTION_PROPOSAL;
        target = capabilityId;
        rel = Relations.GOVERNS;
      }
      case COMPILE_PRD -> {
        String capabilityId = s.artifact(Pass.MAP_CAPABILITY);
        String functionId = s.artifact(Pass.PROPOSE_FUNCTION);
        artifact =
            PassArtifacts.intentSpecification(
                planner.intentSpecification(
                    data(graph, functionId), data(graph, capabilityId), signal),
                signal,
                functionId,
                capabilityId);
        nodeType = NodeTypes.INTENT_SPECIFICATION;
        target = functionId;
        rel = Relations.GOVERNS;
      }
      default -> throw new IllegalArgumentException("not a planning pass: " + pass);
    }
    return ended(writes.recordArtifact(s.sessionId(), pass, nodeType, artifact, target, rel));
  }

  private PassOutcome gate(CommissioningSession s) {
    if (!s.needsApproval()) {
      return PassOutcome.COMPLETED;
    }
    long deadline = clock.millis() + settings.approvalTimeout().toMillis();
    return writes.awaitApproval(s.sessionId(), deadline).isPresent()
        ? PassOutcome.AWAITING_APPROVAL
        : PassOutcome.ENDED;
  }

  /**
   * The emit step: the PRD decomposed into atoms (persisted first: Q4), then mediation compiles and
   * seeds the run (Q1 run id), whose events go to the session's stream.
   */
  private PassOutcome emit(CommissioningSession s) {
    if (s.needsApproval()) {
      // Only an approval reaches this step with approval required (the gate stops otherwise).
      throw new IllegalStateException("session " + s.sessionId() + " is not approved");
    }
    if (writes.compiling(s.sessionId()).isEmpty()) {
      return PassOutcome.ENDED;
    }
    CommissioningSignal signal = s.signal();
    String isId = s.isNodeId();
    GraphKey graph = GraphKey.of(s.orgId(), GraphKey.MAIN);
    List<WorkGraphAtom> atoms = Decomposer.decompose(data(graph, isId), settings.gearId());
    String code = Pass.EMIT_TO_MEDIATION.errorCode();
    try {
      List<String> refs = mediation.storeAtoms(s.orgId(), atoms);
      String version =
          signal.workGraphVersion() == null || signal.workGraphVersion().isBlank()
              ? "v1"
              : signal.workGraphVersion();
      CommissionRequest request =
          CommissionRequest.of(
              RunIds.of(s.orgId(), isId, signal.dispositionEventId()),
              s.orgId(),
              isId,
              version,
              signal.elucidationArtifactId(),
              refs,
              signal.dispositionEventId(),
              null);
      CommissionResult result = mediation.commission(request, s.sessionId());
      writes.emitted(s.sessionId(), result.runId(), result.atomCount());
      return PassOutcome.COMPLETED;
    } catch (CompileFailureException e) {
      writes.fail(s.sessionId(), code, e.getMessage(), e.reason().specName());
      return PassOutcome.FAILED;
    } catch (InvalidInputException e) {
      writes.fail(s.sessionId(), code, e.getMessage(), "invalid_request");
      return PassOutcome.FAILED;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "emit of session " + s.sessionId() + " failed", e);
      throw e;
    }
  }

  private Map<String, Object> data(GraphKey graph, String nodeId) {
    return writes.node(graph.org(), nodeId).data();
  }

  private static PassOutcome ended(Optional<CommissioningSession> written) {
    return written.isPresent() ? PassOutcome.COMPLETED : PassOutcome.ENDED;
  }

  // --------------------------------------------------------------------------------- cancel

  /**
   * Cancels a session that has not ended (the gateway's CancelSession). A job stopped at the gate
   * is abandoned like a rejected one; a job in the middle of a pass sees the session is no longer
   * {@code commissioning} and ends.
   */
  public CommissioningSession cancel(String orgId, String sessionId, String by, String reason) {
    Active cancelled = writes.cancel(orgId, sessionId, by, reason);
    abandoned.fire(new SessionAbandoned(sessionId, cancelled.jobExecutionId()));
    return cancelled.session();
  }
}
