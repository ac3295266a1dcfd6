package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.bead.SessionNotFoundException;
import ai.koales.ksp.domain.coordination.AtomSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records the outcomes queued by release, fail and rescue through the attempt's knowing-state
 * session (P13: non-fatal, durable). Each is tried right after its transaction committed and then
 * again, with growing pauses, by the redelivery timer, until it is recorded or given up (the
 * session is gone, or {@link #MAX_DELIVERIES} tries failed; both logged). Recording twice is
 * harmless: an outcome bead's id is the hash of its content, so a repeat finds it.
 *
 * <p>While an outcome is being recorded the run counts as {@link #delivering}, from before the
 * recording transaction starts until after it committed and the commit's own observers (BP3's
 * divergences) ran: a reader that sees the outcome recorded but the run no longer delivering knows
 * that the recording's observers have run. Then {@link OutcomeSettled} is fired on the recording
 * thread, so whoever waits for a run's outcomes looks again and finds it no longer delivering
 * (fired while still counted, a look on another thread could find "delivering" and end nothing).
 */
@ApplicationScoped
public class OutcomeRecorder {

  private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class.getName());

  static final int MAX_DELIVERIES = 10;

  @Inject CoordinationThreads threads;
  @Inject AtomSessions sessions;
  @Inject Rows rows;
  @Inject Event<OutcomeSettled> settled;

  /**
   * An outcome of run {@code runId} (events on stream {@code streamId}) was recorded or given up;
   * fired synchronously after its transaction committed.
   */
  public record OutcomeSettled(String orgId, String runId, String streamId) {}

  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Integer> deliveringRuns = new ConcurrentHashMap<>();

  /**
   * Whether an outcome of run {@code runId} is being recorded on this node right now (from before
   * its transaction until its commit's observers ran, just before its {@link OutcomeSettled}).
   */
  public boolean delivering(String runId) {
    return deliveringRuns.containsKey(runId);
  }

  /** Delivers outcome {@code id} on a managed thread (after the transaction that wrote it). */
  public void deliverSoon(long id) {
    if (!inFlight.add(id)) {
      return;
    }
    try {
      threads
          .outcomes()
          .execute(
              () -> {
                try {
                  deliver(id);
                } finally {
                  inFlight.remove(id);
                }
              });
    } catch (RejectedExecutionException shuttingDown) {
      inFlight.remove(id);
    }
  }

  /** What is left to record of a run's outcomes (see {@link Rows#backlog}). */
  public record OutcomeBacklog(long pending, Long lastSettledAt) {}

  /** What is left to record of run {@code runId}'s outcomes. */
  public OutcomeBacklog backlog(String runId) {
    return rows.backlog(runId);
  }

  /** Hands every due outcome to {@link #deliverSoon}; returns how many. */
  public int redeliverDue(int limit) {
    List<Long> due = rows.due(limit);
    due.forEach(this::deliverSoon);
    return due.size();
  }

  void deliver(long id) {
    Optional<String> run = rows.pendingRun(id);
    if (run.isEmpty()) {
      return;
    }
    String runId = run.get();
    Optional<OutcomeSettled> done;
    deliveringRuns.merge(runId, 1, Integer::sum);
    try {
      done = record(id);
    } finally {
      deliveringRuns.computeIfPresent(runId, (r, n) -> n == 1 ? null : n - 1);
    }
    done.ifPresent(settled::fire);
  }

  private Optional<OutcomeSettled> record(long id) {
    Optional<OutcomeSettled> done;
    try {
      done = rows.deliver(id, sessions);
    } catch (SessionNotFoundException gone) {
      LOG.log(Level.WARNING, "Outcome " + id + " abandoned: " + gone.getMessage());
      done = rows.failed(id, gone.getMessage(), true);
    } catch (RuntimeException e) {
      done = rows.failed(id, String.valueOf(e.getMessage()), false);
      LOG.log(
          done.isPresent() ? Level.SEVERE : Level.WARNING,
          "Outcome " + id + " not recorded" + (done.isPresent() ? "; given up" : "; retried later"),
          e);
    }
    return done;
  }

  /** The short transactions of {@link OutcomeRecorder}. */
  @ApplicationScoped
  public static class Rows {

    @PersistenceContext(unitName = "ksp")
    EntityManager em;

    @Inject Clock clock;

    /** The run of outcome {@code id} while it is pending; empty once settled or unknown. */
    @Transactional
    public Optional<String> pendingRun(long id) {
      return em
          .createQuery(
              "SELECT o.runId FROM AtomOutcomeRow o WHERE o.id = :id AND o.state = 'PENDING'",
              String.class)
          .setParameter("id", id)
          .getResultList()
          .stream()
          .findFirst();
    }

    @Transactional
    public List<Long> due(int limit) {
      return em.createQuery(
              "SELECT o.id FROM AtomOutcomeRow o WHERE o.state = 'PENDING'"
                  + " AND o.nextAttemptAt <= :now ORDER BY o.nextAttemptAt, o.id",
              Long.class)
          .setParameter("now", clock.millis())
          .setMaxResults(limit)
          .getResultList();
    }

    /**
     * Records the outcome and marks it delivered in one transaction. The row is locked first, so
     * that the after-commit delivery and a redelivery never both record it. Returns the settled
     * outcome's run, empty when there was nothing to record.
     */
    @Transactional
    public Optional<OutcomeSettled> deliver(long id, AtomSessions sessions) {
      AtomOutcomeRow row = em.find(AtomOutcomeRow.class, id, LockModeType.PESSIMISTIC_WRITE);
      if (row == null || !row.isPending()) {
        return Optional.empty();
      }
      String beadId = sessions.recordOutcome(row.pending());
      row.delivered(beadId, clock.millis());
      return Optional.of(row.settled());
    }

    /** Counts a failed try; returns the outcome's run when it is now given up. */
    @Transactional
    public Optional<OutcomeSettled> failed(long id, String error, boolean permanent) {
      AtomOutcomeRow row = em.find(AtomOutcomeRow.class, id);
      if (row == null || !row.isPending()) {
        return Optional.empty();
      }
      long now = clock.millis();
      boolean abandon = permanent || row.deliveries() + 1 >= MAX_DELIVERIES;
      // 2 s, 4 s, 8 s ... at most 5 minutes between tries.
      long pause = Math.min(300_000L, 2_000L << Math.min(row.deliveries(), 16));
      row.failed(error, now, now + pause, abandon);
      return abandon ? Optional.of(row.settled()) : Optional.empty();
    }

    /**
     * What is left to record of run {@code runId}'s outcomes: how many are pending, and when the
     * last one was settled (null when none was).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public OutcomeBacklog backlog(String runId) {
      Object[] r =
          em.createQuery(
                  "SELECT SUM(CASE WHEN o.state = 'PENDING' THEN 1 ELSE 0 END), MAX(o.deliveredAt)"
                      + " FROM AtomOutcomeRow o WHERE o.runId = :run",
                  Object[].class)
              .setParameter("run", runId)
              .getSingleResult();
      long pending = r[0] == null ? 0 : ((Number) r[0]).longValue();
      Long last = r[1] == null ? null : ((Number) r[1]).longValue();
      return new OutcomeBacklog(pending, last);
    }
  }
}
