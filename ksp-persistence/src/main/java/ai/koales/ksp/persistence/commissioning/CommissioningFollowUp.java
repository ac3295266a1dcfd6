package ai.koales.ksp.persistence.commissioning;

import ai.koales.ksp.domain.coordination.RunFinished;
import ai.koales.ksp.persistence.coordination.OutcomeRecorder.OutcomeSettled;
import ai.koales.ksp.persistence.loop.BridgePoints.DivergenceRecorded;
import ai.koales.ksp.persistence.loop.LoopClosure;
import ai.koales.ksp.persistence.loop.LoopResults.AmendmentProposal;
import ai.koales.ksp.persistence.loop.LoopResults.AmendmentProposed;
import ai.koales.ksp.persistence.mediation.MediationService;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What follows a run's outcomes, in-process (coordination.md §4.5 POST /divergence, Q5, Q11):
 *
 * <ul>
 *   <li>a divergence on the intent specification of a session waiting at the gate resumes that
 *       session (the fallback approval of Q5: only the emit step runs);
 *   <li>any other divergence of a run compiled from a commissioning session gets its hypothesis and
 *       amendment proposed (BP4), so that a human can adopt or reject it (BP5); runs made directly
 *       leave BP4 to their agents, as the API lets them;
 *   <li>a run that finished completes its mediation lifecycle and tells its session's stream
 *       (MONITORED);
 *   <li>a session whose run finished ends ({@code SESSION_COMPLETED} or {@code SESSION_FAILED})
 *       once nothing of the run is left to say on its stream: no outcome waits to be recorded and
 *       the follow-ups of the recorded ones ran ({@link SessionWrites#end}).
 * </ul>
 *
 * The events arrive after the commit that caused them; the work runs on one container-managed
 * thread of its own, in its own transactions, never inside the committing one. A session ends only
 * when no outcome of its run is pending or being recorded and no divergence follow-up of its stream
 * is queued (a divergence is counted when BP3's commit announces it, before its outcome stops
 * counting as being recorded), so the amendment a divergence leads to is on the stream before the
 * terminal event. Each settled outcome, each divergence follow-up and the run's finish look again.
 * The periodic {@link #sweep} looks at sessions whose end was not heard of (a restart, another
 * node), and only once their run has been quiet for a while.
 */
@ApplicationScoped
public class CommissioningFollowUp {

  private static final Logger LOG = Logger.getLogger(CommissioningFollowUp.class.getName());

  static final String DIVERGENCE_APPROVER = "system:divergence";
  static final int SWEEP_BATCH = 500;

  @Resource ManagedThreadFactory threads;
  @Inject LoopClosure loop;
  @Inject SessionWrites sessions;
  @Inject CommissioningService commissioning;
  @Inject MediationService mediation;
  @Inject Clock clock;

  private ThreadPoolExecutor executor;

  /** Streams with divergences whose follow-up has not run yet (their sessions may not end). */
  private final ConcurrentHashMap<String, Integer> divergencesQueued = new ConcurrentHashMap<>();

  private long lastSweepAt;

  void onDivergence(@Observes DivergenceRecorded d) {
    String stream = d.streamId();
    if (stream != null) {
      // Counted before the recording of its outcome stops counting as delivering.
      divergencesQueued.merge(stream, 1, Integer::sum);
    }
    executor()
        .execute(
            () -> {
              try {
                divergence(d);
              } finally {
                if (stream != null) {
                  divergencesQueued.computeIfPresent(stream, (s, n) -> n == 1 ? null : n - 1);
                }
              }
              if (stream != null) {
                endIfDone(stream, Long.MAX_VALUE);
              }
            });
  }

  void onRunFinished(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunFinished f) {
    executor().execute(() -> finished(f));
  }

  /** An outcome was recorded (fired after its commit and that commit's own observers). */
  void onOutcomeSettled(@Observes OutcomeSettled o) {
    if (o.streamId() != null) {
      executor().execute(() -> endIfDone(o.streamId(), Long.MAX_VALUE));
    }
  }

  /**
   * Looks at every session whose run may have finished unheard, ending those whose run and outcomes
   * have been quiet for {@code quiet}; at most once per {@code quiet}. Called by the worker under
   * its cluster lease.
   */
  public void sweep(Duration quiet) {
    long now = clock.millis();
    synchronized (this) {
      if (now - lastSweepAt < quiet.toMillis()) {
        return;
      }
      lastSweepAt = now;
    }
    long settledBefore = now - quiet.toMillis();
    for (String id : sessions.awaitingRunEnd(SWEEP_BATCH)) {
      executor().execute(() -> endIfDone(id, settledBefore));
    }
  }

  void endIfDone(String sessionId, long settledBefore) {
    try {
      sessions
          .end(sessionId, settledBefore, divergencesQueued::containsKey)
          .ifPresent(
              outcome ->
                  LOG.info(() -> "Commissioning session " + sessionId + " ended " + outcome));
    } catch (RuntimeException e) {
      // Tried again on the next outcome or sweep.
      LOG.log(Level.WARNING, "End of session " + sessionId + " not recorded", e);
    }
  }

  void divergence(DivergenceRecorded d) {
    try {
      if (d.specificationId() != null) {
        var suspended = sessions.bySuspendedIntent(d.orgId(), d.specificationId());
        if (suspended.isPresent()) {
          commissioning.decide(
              d.orgId(),
              suspended.get().sessionId(),
              true,
              DIVERGENCE_APPROVER,
              "divergence " + d.divergenceId() + " on the suspended intent specification");
          return;
        }
      }
      if (d.streamId() == null || sessions.byId(d.streamId()).isEmpty()) {
        // Not a run compiled from commissioning: its agent proposes (or not) through BP4 itself.
        return;
      }
      AmendmentProposed p =
          loop.proposeAmendment(
              d.orgId(),
              d.graphId(),
              new AmendmentProposal(d.divergenceId(), d.outcomeBeadId(), null, null));
      LOG.info(
          () ->
              "Divergence "
                  + d.divergenceId()
                  + " of org "
                  + d.orgId()
                  + ": amendment "
                  + p.amendmentNodeId()
                  + " proposed");
    } catch (RuntimeException e) {
      // The divergence stays in the graph; an operator can still propose by hand (BP4).
      LOG.log(
          Level.WARNING,
          "No amendment proposed for divergence " + d.divergenceId() + " of org " + d.orgId(),
          e);
    }
  }

  void finished(RunFinished f) {
    try {
      mediation.complete(f.runId());
      if (f.streamId() != null) {
        sessions.runFinished(f.streamId(), f.runId(), f.status(), f.failedAtomIds());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Finish of run " + f.runId() + " not recorded", e);
    }
    if (f.streamId() != null) {
      endIfDone(f.streamId(), Long.MAX_VALUE);
    }
  }

  private synchronized ThreadPoolExecutor executor() {
    if (executor == null) {
      executor =
          new ThreadPoolExecutor(
              1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
    }
    return executor;
  }

  @PreDestroy
  synchronized void stop() {
    if (executor != null) {
      executor.shutdown();
    }
  }
}
