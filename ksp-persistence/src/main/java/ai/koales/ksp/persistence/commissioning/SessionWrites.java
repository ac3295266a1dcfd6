package ai.koales.ksp.persistence.commissioning;

import ai.koales.ksp.domain.artifact.ArtifactNode;
import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.artifact.NodeTypes;
import ai.koales.ksp.domain.bead.BeadId;
import ai.koales.ksp.domain.bead.CanonicalJson;
import ai.koales.ksp.domain.commissioning.CommissioningSession;
import ai.koales.ksp.domain.commissioning.CommissioningSessionNotFoundException;
import ai.koales.ksp.domain.commissioning.CommissioningSignal;
import ai.koales.ksp.domain.commissioning.CommissioningStatus;
import ai.koales.ksp.domain.commissioning.Pass;
import ai.koales.ksp.domain.commissioning.SessionConflictException;
import ai.koales.ksp.domain.coordination.BeadStatus;
import ai.koales.ksp.domain.coordination.Run;
import ai.koales.ksp.domain.coordination.RunNotFoundException;
import ai.koales.ksp.domain.coordination.RunStatus;
import ai.koales.ksp.domain.mediation.MediationRunNotFoundException;
import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.domain.stream.SessionEventKind;
import ai.koales.ksp.persistence.artifact.ArtifactGraphService;
import ai.koales.ksp.persistence.coordination.CoordinationService;
import ai.koales.ksp.persistence.coordination.OutcomeRecorder;
import ai.koales.ksp.persistence.mediation.MediationService;
import ai.koales.ksp.persistence.platform.AfterCommit;
import ai.koales.ksp.persistence.stream.EventBuffers;
import ai.koales.ksp.persistence.stream.EventOutbox;
import ai.koales.ksp.persistence.stream.FactorySessions;
import ai.koales.ksp.persistence.stream.FactorySessions.SessionState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The commissioning context's transactions, each short: a session row is locked, the aggregate
 * acts, the row, the artifact graph, the session's events and its read model are written together.
 * The slow parts (planner calls, the compile) run between these transactions, never inside one.
 */
@ApplicationScoped
public class SessionWrites {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject Clock clock;
  @Inject ArtifactGraphService artifacts;
  @Inject EventOutbox outbox;
  @Inject EventBuffers streams;
  @Inject FactorySessions factory;
  @Inject AfterCommit afterCommit;
  @Inject Event<SessionQueued> queued;
  @Inject CoordinationService coordination;
  @Inject OutcomeRecorder outcomes;
  @Inject MediationService mediation;

  /** What an intake did: the session, and whether this call created it. */
  public record Submitted(CommissioningSession session, boolean created) {}

  /** A session as the worker sees it: the aggregate plus its job execution. */
  public record Active(CommissioningSession session, Long jobExecutionId, int resumes) {}

  // --------------------------------------------------------------------------------- intake

  /**
   * POST /signal: stores the session {@code queued} with its signal, opens its stream for the org,
   * announces it. The same signal again answers the session as it is (idempotent intake); the id
   * taken by another org or another signal is {@code session-conflict}.
   */
  @Transactional
  public Submitted submit(CommissioningSignal signal) {
    CaSessionRow row =
        em.find(CaSessionRow.class, signal.sessionId(), LockModeType.PESSIMISTIC_WRITE);
    if (row != null) {
      CommissioningSession existing = row.toSession();
      if (!existing.orgId().equals(signal.orgId())) {
        throw new SessionConflictException(signal.sessionId(), "belongs to another org");
      }
      if (!existing.signal().equals(signal)) {
        throw new SessionConflictException(
            signal.sessionId(),
            "exists with another signal; send a new sessionId to commission again");
      }
      return new Submitted(existing, false);
    }
    long now = clock.millis();
    CommissioningSession s = CommissioningSession.queued(signal, now);
    em.persist(CaSessionRow.of(s));
    // Before the first event, so that only the org's readers may follow the stream (edges §2.3).
    streams.open(s.sessionId(), s.orgId());
    Map<String, Object> p = payload(s);
    p.put("dispositionEventId", signal.dispositionEventId());
    p.put("elucidationArtifactId", signal.elucidationArtifactId());
    p.put("requireHumanApproval", signal.requireHumanApproval());
    event(s, SessionEventKind.SESSION_SUBMITTED, p, now);
    factory.record(
        new SessionState(
            s.sessionId(),
            signal.repoId(),
            signal.dispositionEventId(),
            s.orgId(),
            "SUBMITTED",
            null,
            null,
            null,
            null));
    announce(s);
    return new Submitted(s, true);
  }

  /** A node's data in the org's graph {@code main} (a pass's input). */
  @Transactional
  public ArtifactNode node(String orgId, String nodeId) {
    return artifacts.getNode(GraphKey.of(orgId, GraphKey.MAIN), nodeId);
  }

  /** The session by its (global) id, whatever its org: for the job and the worker. */
  @Transactional
  public Optional<Active> byId(String sessionId) {
    return Optional.ofNullable(em.find(CaSessionRow.class, sessionId))
        .map(r -> new Active(r.toSession(), r.jobExecutionId(), r.resumes()));
  }

  // ------------------------------------------------------------------------------- approval

  /**
   * A human's decision at the gate (Q5). Approve: queued again, to resume at the emit step only.
   * Reject: {@code rejected}, mediation is never called. Returns the session and the job execution
   * the gate stopped (the worker restarts it, or abandons it on a rejection).
   */
  @Transactional
  public Active decide(
      String orgId, String sessionId, boolean approve, String approver, String reason) {
    CaSessionRow row = locked(sessionId);
    if (row == null || !row.orgId().equals(orgId)) {
      throw new CommissioningSessionNotFoundException(orgId, sessionId);
    }
    CommissioningSession s = row.toSession();
    long now = clock.millis();
    if (approve) {
      s.approve(approver, reason, now);
      Map<String, Object> p = decision(s);
      event(s, SessionEventKind.APPROVAL_GRANTED, p, now);
      event(s, SessionEventKind.REVIEW_RESOLVED, p, now);
      factory.record(SessionState.of(s.sessionId(), s.orgId(), "APPROVAL_GRANTED"));
      announce(s);
    } else {
      s.reject(approver, reason, now);
      cancelled(s, now);
    }
    row.copy(s);
    return new Active(s, row.jobExecutionId(), row.resumes());
  }

  /** No decision before the deadline: rejected (Q5). Empty when it was decided meanwhile. */
  @Transactional
  public Optional<Active> expire(String sessionId) {
    CaSessionRow row = locked(sessionId);
    if (row == null) {
      return Optional.empty();
    }
    CommissioningSession s = row.toSession();
    long now = clock.millis();
    if (!s.approvalExpired(now)) {
      return Optional.empty();
    }
    s.expire(now);
    cancelled(s, now);
    row.copy(s);
    return Optional.of(new Active(s, row.jobExecutionId(), row.resumes()));
  }

  private void cancelled(CommissioningSession s, long now) {
    event(s, SessionEventKind.REVIEW_RESOLVED, decision(s), now);
    Map<String, Object> p = payload(s);
    p.put("reason", s.reason());
    event(s, SessionEventKind.SESSION_CANCELLED, p, now);
    factory.record(SessionState.of(s.sessionId(), s.orgId(), "CANCELLED"));
  }

  // ---------------------------------------------------------------------------------- passes

  /** The worker picked the session up: {@code commissioning}. False when it no longer runs. */
  @Transactional
  public boolean start(String sessionId) {
    CaSessionRow row = locked(sessionId);
    if (row == null) {
      return false;
    }
    CommissioningSession s = row.toSession();
    if (!s.isRunnable()) {
      return false;
    }
    s.start(clock.millis());
    row.copy(s);
    return true;
  }

  /** Remembers the job execution working on the session. */
  @Transactional
  public void executing(String sessionId, long jobExecutionId) {
    CaSessionRow row = locked(sessionId);
    if (row != null) {
      row.jobExecutionId(jobExecutionId);
    }
  }

  /**
   * Counts a resume of a session whose job died; past {@code maxResumes} the session fails ({@code
   * commission-failed}) instead. True when it may be resumed.
   */
  @Transactional
  public boolean resume(String sessionId, int maxResumes) {
    CaSessionRow row = locked(sessionId);
    if (row == null || !row.toSession().isRunnable()) {
      return false;
    }
    if (row.resumes() >= maxResumes) {
      CommissioningSession s = row.toSession();
      failed(
          s,
          "commission-failed",
          "the commissioning job died " + row.resumes() + " times; giving up",
          null,
          clock.millis());
      row.copy(s);
      return false;
    }
    row.resumed();
    return true;
  }

  /**
   * CA-INV-003: persists the pass's artifact as a node of the org's graph {@code main} (with its
   * edge) and records it in the session, together; a replay finds the node (content id) and writes
   * nothing new. Empty when the session no longer runs (nothing is written then).
   */
  @Transactional
  public Optional<CommissioningSession> recordArtifact(
      String sessionId,
      Pass pass,
      String nodeType,
      Map<String, Object> artifact,
      String edgeTarget,
      String rel) {
    CaSessionRow row = locked(sessionId);
    CommissioningSession s = row == null ? null : row.toSession();
    if (s == null || s.status() != CommissioningStatus.COMMISSIONING) {
      return Optional.empty();
    }
    GraphKey graph = GraphKey.of(s.orgId(), GraphKey.MAIN);
    String id = String.valueOf(artifact.get("id"));
    artifacts.appendNodeIfAbsent(graph, id, nodeType, artifact);
    if (edgeTarget != null) {
      artifacts.upsertEdge(graph, id, edgeTarget, rel);
    }
    long now = clock.millis();
    s.recordArtifact(pass, id, now);
    row.copy(s);
    Map<String, Object> p = payload(s);
    p.put("artifactId", id);
    p.put("kind", nodeType);
    p.put("step", pass.stepName());
    // What the factory read model and the artifactWrites stream show of it (edges.md §1.5, §1.8).
    p.put("contentHash", "sha256:" + BeadId.hash(CanonicalJson.of(artifact)));
    p.put("storageRef", id);
    if (edgeTarget != null) {
      p.put("edges", List.of(Map.of("target", edgeTarget, "rel", rel)));
    }
    event(s, SessionEventKind.ARTIFACT_WRITTEN, p, now);
    if (pass == Pass.COMPILE_PRD) {
      Map<String, Object> c = payload(s);
      c.put("intentSpecificationId", id);
      c.put("artifacts", s.artifactIds());
      event(s, SessionEventKind.CANDIDATE_SET_BUILT, c, now);
      factory.record(
          new SessionState(
              s.sessionId(),
              null,
              null,
              s.orgId(),
              "CANDIDATE_SET_BUILT",
              null,
              id,
              String.valueOf(artifact.get("version")),
              s.signal().repoId()));
    }
    return Optional.of(s);
  }

  /**
   * The fetch step: the elucidation must be an ElucidationArtifact node of graph {@code main} (A9,
   * Q7); the signal's DispositionEvent node is created when absent (api.md). Empty when the session
   * no longer runs; {@code elucidation-artifact-not-found} otherwise.
   */
  @Transactional
  public Optional<CommissioningSession> fetchElucidation(String sessionId) {
    CaSessionRow row = locked(sessionId);
    CommissioningSession s = row == null ? null : row.toSession();
    if (s == null || s.status() != CommissioningStatus.COMMISSIONING) {
      return Optional.empty();
    }
    CommissioningSignal signal = s.signal();
    GraphKey graph = GraphKey.of(s.orgId(), GraphKey.MAIN);
    boolean found =
        artifacts
            .findNode(graph, signal.elucidationArtifactId())
            .filter(n -> NodeTypes.ELUCIDATION_ARTIFACT.equals(n.type()))
            .isPresent();
    if (!found) {
      throw new ai.koales.ksp.domain.commissioning.PassFailedException(
          Pass.FETCH_ELUCIDATION.errorCode(),
          "no ElucidationArtifact node "
              + signal.elucidationArtifactId()
              + " in graph main of org "
              + s.orgId());
    }
    Map<String, Object> disposition = new LinkedHashMap<>();
    disposition.put("sessionId", s.sessionId());
    disposition.put("repoId", signal.repoId());
    disposition.put("issuedAt", signal.issuedAt());
    artifacts.appendNodeIfAbsent(
        graph, signal.dispositionEventId(), NodeTypes.DISPOSITION_EVENT, disposition);
    long now = clock.millis();
    s.recordArtifact(Pass.FETCH_ELUCIDATION, signal.elucidationArtifactId(), now);
    row.copy(s);
    return Optional.of(s);
  }

  /** The gate stops the job: {@code suspended-approval} until a decision or the deadline. */
  @Transactional
  public Optional<CommissioningSession> awaitApproval(String sessionId, long deadline) {
    CaSessionRow row = locked(sessionId);
    CommissioningSession s = row == null ? null : row.toSession();
    if (s == null || s.status() != CommissioningStatus.COMMISSIONING) {
      return Optional.empty();
    }
    long now = clock.millis();
    s.awaitApproval(deadline, now);
    row.copy(s);
    Map<String, Object> p = payload(s);
    p.put("intentSpecificationId", s.isNodeId());
    p.put("approvalDeadline", Instant.ofEpochMilli(deadline).toString());
    event(s, SessionEventKind.REVIEW_REQUIRED, p, now);
    factory.record(SessionState.of(s.sessionId(), s.orgId(), "REVIEW_REQUIRED"));
    return Optional.of(s);
  }

  /** The emit step begins: announced so that readers see the compile start. */
  @Transactional
  public Optional<CommissioningSession> compiling(String sessionId) {
    CaSessionRow row = locked(sessionId);
    CommissioningSession s = row == null ? null : row.toSession();
    if (s == null || s.status() != CommissioningStatus.COMMISSIONING) {
      return Optional.empty();
    }
    Map<String, Object> p = payload(s);
    p.put("intentSpecificationId", s.isNodeId());
    event(s, SessionEventKind.COMPILATION_STARTED, p, clock.millis());
    factory.record(SessionState.of(s.sessionId(), s.orgId(), "COMPILATION_STARTED"));
    return Optional.of(s);
  }

  /** Mediation seeded the run: {@code idle} with the result. */
  @Transactional
  public void emitted(String sessionId, String runId, int atomCount) {
    CaSessionRow row = locked(sessionId);
    CommissioningSession s = row == null ? null : row.toSession();
    if (s == null || s.status() != CommissioningStatus.COMMISSIONING) {
      return;
    }
    long now = clock.millis();
    s.emitted(runId, atomCount, now);
    row.copy(s);
    Map<String, Object> p = payload(s);
    p.put("runId", runId);
    p.put("atomCount", atomCount);
    event(s, SessionEventKind.COMPILATION_COMPLETE, p, now);
    event(s, SessionEventKind.DEPLOYING, p, now);
    factory.record(
        new SessionState(
            s.sessionId(), null, null, s.orgId(), "DEPLOYING", runId, null, null, null));
  }

  /**
   * A pass failed: {@code failed} with its code (the session's stream ends); {@code compile} is the
   * compile's own failure code when the emit step failed. No-op for a session already ended.
   */
  @Transactional
  public void fail(String sessionId, String code, String message, String compileCode) {
    CaSessionRow row = locked(sessionId);
    if (row == null) {
      return;
    }
    CommissioningSession s = row.toSession();
    if (s.status().isFinal()) {
      return;
    }
    failed(s, code, message, compileCode, clock.millis());
    row.copy(s);
  }

  private void failed(
      CommissioningSession s, String code, String message, String compileCode, long now) {
    s.fail(code, message, now);
    if (compileCode != null) {
      Map<String, Object> c = payload(s);
      c.put("errorCode", compileCode);
      c.put("message", message);
      event(s, SessionEventKind.COMPILATION_FAILED, c, now);
    }
    Map<String, Object> p = payload(s);
    p.put("errorCode", code);
    p.put("message", message);
    event(s, SessionEventKind.SESSION_FAILED, p, now);
    factory.record(SessionState.of(s.sessionId(), s.orgId(), "FAILED"));
  }

  /**
   * The run the session compiled reached a terminal status (Q11): MONITORED on its stream and in
   * its read model. The session ends later, once the run's outcomes are recorded ({@link #end}).
   * No-op for another run or a session that already ended.
   */
  @Transactional
  public void runFinished(
      String sessionId, String runId, RunStatus runStatus, List<String> failedAtomIds) {
    CaSessionRow row = locked(sessionId);
    if (row == null) {
      return;
    }
    CommissioningSession s = row.toSession();
    long now = clock.millis();
    if (s.runFinished(runId, runStatus, now)) {
      monitored(s, failedAtomIds, now);
      row.copy(s);
    }
  }

  private void monitored(CommissioningSession s, List<String> failedAtomIds, long now) {
    Map<String, Object> p = payload(s);
    p.put("runId", s.resultRunId());
    p.put("runStatus", s.runStatus().name());
    p.put("failedAtomIds", failedAtomIds);
    event(s, SessionEventKind.MONITORED, p, now);
    factory.record(
        new SessionState(
            s.sessionId(), null, null, s.orgId(), "MONITORED", s.resultRunId(), null, null, null));
  }

  /**
   * Ends the session after its run (edges.md §1.1 kinds 24-25): {@code SESSION_COMPLETED} when the
   * run completed, {@code SESSION_FAILED} otherwise, and the read model says so. Only when
   * everything the run still has to say on the session's stream has been said, because the buffer
   * refuses whatever follows a terminal event: the run is terminal now (a reseeded run is not), no
   * outcome of it waits to be recorded (BP3's executions and divergences), and none was settled
   * after {@code settledBefore} (epoch ms; the follow-ups of a recent one, such as the amendment a
   * divergence leads to, may still be running on another thread), none is being recorded on this
   * node and {@code followUpsQueued} says no follow-up of one waits for the session. Empty when the
   * session does not end now.
   */
  @Transactional
  public Optional<CommissioningSession.Outcome> end(
      String sessionId, long settledBefore, Predicate<String> followUpsQueued) {
    CaSessionRow row = locked(sessionId);
    CommissioningSession s = row == null ? null : row.toSession();
    if (s == null || !s.awaitsRunEnd()) {
      return Optional.empty();
    }
    String runId = s.resultRunId();
    Run run;
    try {
      run = coordination.run(s.orgId(), runId).run();
    } catch (RunNotFoundException gone) {
      return Optional.empty();
    }
    if (!run.status().isTerminal() || run.updatedAt() > settledBefore) {
      return Optional.empty();
    }
    OutcomeRecorder.OutcomeBacklog backlog = outcomes.backlog(runId);
    if (backlog.pending() > 0
        || (backlog.lastSettledAt() != null && backlog.lastSettledAt() > settledBefore)) {
      return Optional.empty();
    }
    // In this order: an outcome read as recorded above is either still being delivered, or its
    // delivery has queued its follow-ups (divergence -> amendment) before it stopped delivering.
    if (outcomes.delivering(runId) || followUpsQueued.test(sessionId)) {
      return Optional.empty();
    }
    long now = clock.millis();
    List<String> failed =
        run.counts().failed() == 0
            ? List.of()
            : coordination.beads(s.orgId(), runId, BeadStatus.FAILED, null, 100).items().stream()
                .map(b -> b.bead().id())
                .toList();
    if (s.runStatus() != run.status()) {
      // The run's finish was not heard (a restart in between), or it was reseeded and finished
      // again: MONITORED first, as it would have been.
      s.runFinished(runId, run.status(), now);
      monitored(s, failed, now);
    }
    CommissioningSession.Outcome outcome = s.end(now);
    row.copy(s);

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("runId", runId);
    summary.put("runStatus", run.status().name());
    summary.put("atomCount", run.counts().total());
    summary.put("done", run.counts().done());
    summary.put("failed", run.counts().failed());
    summary.put("failedAtomIds", failed);
    summary.put("intentSpecificationId", s.isNodeId());
    String specification = specificationOf(s.orgId(), runId);
    summary.put("specificationId", specification);
    Map<String, Object> p = payload(s);
    p.put("outcome", outcome.name());
    p.put("runId", runId);
    p.put("summary", summary);
    if (outcome == CommissioningSession.Outcome.COMPLETED) {
      // What the session produced: the specification its run executed (else the intent).
      p.put("finalArtifactId", specification != null ? specification : s.isNodeId());
      event(s, SessionEventKind.SESSION_COMPLETED, p, now);
    } else {
      p.put("errorCode", "run-" + run.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      p.put(
          "reason",
          "run "
              + runId
              + " ended "
              + run.status()
              + (failed.isEmpty() ? "" : "; failed atoms: " + String.join(", ", failed)));
      event(s, SessionEventKind.SESSION_FAILED, p, now);
    }
    factory.record(SessionState.of(s.sessionId(), s.orgId(), outcome.name()));
    return Optional.of(outcome);
  }

  private String specificationOf(String orgId, String runId) {
    try {
      return mediation.run(orgId, runId).specificationId();
    } catch (MediationRunNotFoundException notCompiledHere) {
      return null;
    }
  }

  /** Idle sessions whose stream has not ended yet, oldest first (their runs still work). */
  @Transactional
  public List<String> awaitingRunEnd(int limit) {
    return em.createQuery(
            "SELECT r.sessionId FROM CaSessionRow r WHERE r.status = 'idle' AND r.endedAt IS NULL"
                + " AND r.resultRunId IS NOT NULL ORDER BY r.updatedAt, r.sessionId",
            String.class)
        .setMaxResults(limit)
        .getResultList();
  }

  // ------------------------------------------------------------------------------ the worker

  /** Sessions that are queued or commissioning, oldest first (the worker's view). */
  @Transactional
  public List<Active> active(int limit) {
    return em
        .createQuery(
            "SELECT r FROM CaSessionRow r WHERE r.status IN ('queued', 'commissioning')"
                + " ORDER BY r.createdAt, r.sessionId",
            CaSessionRow.class)
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(r -> new Active(r.toSession(), r.jobExecutionId(), r.resumes()))
        .toList();
  }

  /** Ids of sessions waiting for approval past their deadline. */
  @Transactional
  public List<String> expiredApprovals(int limit) {
    return em.createQuery(
            "SELECT r.sessionId FROM CaSessionRow r WHERE r.status = 'suspended-approval'"
                + " AND r.approvalDeadline <= :now ORDER BY r.approvalDeadline",
            String.class)
        .setParameter("now", clock.millis())
        .setMaxResults(limit)
        .getResultList();
  }

  /** The session whose stream carries the run's events, if a session compiled it. */
  @Transactional
  public Optional<CommissioningSession> bySuspendedIntent(String orgId, String isNodeId) {
    return em
        .createQuery(
            "SELECT r FROM CaSessionRow r WHERE r.orgId = :org AND r.isNodeId = :is"
                + " AND r.status = 'suspended-approval'",
            CaSessionRow.class)
        .setParameter("org", orgId)
        .setParameter("is", isNodeId)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst()
        .map(CaSessionRow::toSession);
  }

  // --------------------------------------------------------------------------------- helpers

  /** Locks the session row: the job, a decision and the expiry sweep serialise on it. */
  private CaSessionRow locked(String sessionId) {
    return em.find(CaSessionRow.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
  }

  private void announce(CommissioningSession s) {
    String org = s.orgId();
    String id = s.sessionId();
    afterCommit.run(() -> queued.fire(new SessionQueued(org, id)));
  }

  private void event(
      CommissioningSession s, SessionEventKind kind, Map<String, Object> payload, long now) {
    outbox.record(DomainEvent.session(s.sessionId(), kind, null, payload, now));
  }

  private static Map<String, Object> payload(CommissioningSession s) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("sessionId", s.sessionId());
    p.put("orgId", s.orgId());
    p.put("status", s.status().wireName());
    return p;
  }

  private static Map<String, Object> decision(CommissioningSession s) {
    Map<String, Object> p = payload(s);
    p.put("decision", s.decision());
    p.put("approver", s.approver());
    p.put("reason", s.reason());
    return p;
  }

  // --------------------------------------------------------------------------------- cancel

  /**
   * A caller cancels the session (the gateway's CancelSession): it ends {@code rejected} with
   * decision {@code cancel}; its stream ends with the terminal {@code SESSION_CANCELLED} (after
   * {@code REVIEW_RESOLVED} when it waited at the gate, whose review this closes) and its read
   * model says {@code CANCELLED}. A session of another org is not found; one that already ended
   * refuses ({@code session-ended}). Returns the session and the job execution to abandon.
   */
  @Transactional
  public Active cancel(String orgId, String sessionId, String by, String reason) {
    CaSessionRow row = locked(sessionId);
    if (row == null || !row.orgId().equals(orgId)) {
      throw new CommissioningSessionNotFoundException(orgId, sessionId);
    }
    CommissioningSession s = row.toSession();
    boolean atGate = s.status() == CommissioningStatus.SUSPENDED_APPROVAL;
    long now = clock.millis();
    s.cancel(by, reason, now);
    if (atGate) {
      cancelled(s, now);
    } else {
      Map<String, Object> p = decision(s);
      event(s, SessionEventKind.SESSION_CANCELLED, p, now);
      factory.record(SessionState.of(s.sessionId(), s.orgId(), "CANCELLED"));
    }
    row.copy(s);
    return new Active(s, row.jobExecutionId(), row.resumes());
  }
}
