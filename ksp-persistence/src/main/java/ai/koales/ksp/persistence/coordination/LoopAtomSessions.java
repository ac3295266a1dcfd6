package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.coordination.AtomOutcome;
import ai.koales.ksp.domain.coordination.AtomSessions;
import ai.koales.ksp.domain.coordination.PendingOutcome;
import ai.koales.ksp.domain.loop.ExecutionReport;
import ai.koales.ksp.domain.loop.OutcomeReport;
import ai.koales.ksp.domain.loop.OutcomeStatus;
import ai.koales.ksp.domain.loop.TraceFacts;
import ai.koales.ksp.persistence.loop.LoopClosure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * {@link AtomSessions} through loop closure (review P1, P13): a claim opens the agent's session at
 * BP1 (its autonomy floor from a real retrieval; SUGGEST when retrieval fails, fail closed) and
 * records the attempt at BP2 (Execution node, then the execution bead that bridges to it), both in
 * the claim's transaction, so a refused claim leaves neither behind. The attempt's outcome goes to
 * BP3 with the run's stream and the facts its divergence detector reads: an atom that ended FAILED
 * has exhausted its attempts and becomes a divergence of its outcome claim.
 */
@ApplicationScoped
public class LoopAtomSessions implements AtomSessions {

  /** The execution's domain on the Execution node (core.md §1.5 ExecutionContent.domain). */
  static final String DOMAIN = "coordination";

  @Inject LoopClosure loop;

  @Override
  public Opened open(
      String orgId,
      String runId,
      String beadId,
      int attempt,
      String agentId,
      String role,
      String action) {
    KnowingStateSession session = loop.openSession(orgId, role, agentId, null);
    ExecutionReport report =
        new ExecutionReport(
            DOMAIN,
            action,
            0,
            "claimed",
            "atom " + beadId + " of run " + runId + ", attempt " + attempt + ", by " + agentId,
            // One execution per attempt: a retried BP2 of the same claim finds it.
            runId + ":" + beadId + ":" + attempt);
    return new Opened(
        session.sessionId(),
        loop.recordExecution(orgId, session.sessionId(), report).executionBeadId());
  }

  @Override
  public String recordOutcome(PendingOutcome pending) {
    AtomOutcome o = pending.outcome();
    OutcomeReport report =
        new OutcomeReport(
            o.toolCallCount(),
            o.status() == AtomOutcome.Status.SUCCESS
                ? OutcomeStatus.SUCCESS
                : OutcomeStatus.FAILURE,
            o.summary(),
            Optional.of(
                new TraceFacts(
                    pending.beadId(), o.traceOutcome(), o.attemptsExhausted(), List.of())),
            pending.streamId());
    return loop.recordOutcome(
            pending.orgId(), pending.sessionId(), pending.executionBeadId(), report)
        .outcomeBeadId();
  }
}
