package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.bead.SessionNotFoundException;
import ai.koales.ksp.domain.coordination.AtomSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
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
 */
@ApplicationScoped
public class OutcomeRecorder {

  private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class.getName());

  static final int MAX_DELIVERIES = 10;

  @Inject CoordinationThreads threads;
  @Inject AtomSessions sessions;
  @Inject Rows rows;

  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

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

  /** Hands every due outcome to {@link #deliverSoon}; returns how many. */
  public int redeliverDue(int limit) {
    List<Long> due = rows.due(limit);
    due.forEach(this::deliverSoon);
    return due.size();
  }

  void deliver(long id) {
    AtomOutcomeRow row = rows.pending(id);
    if (row == null) {
      return;
    }
    try {
      String beadId =
          sessions.recordOutcome(
              row.orgId(), row.sessionId(), row.executionBeadId(), row.outcome());
      rows.delivered(id, beadId);
    } catch (SessionNotFoundException gone) {
      LOG.log(Level.WARNING, "Outcome " + id + " abandoned: " + gone.getMessage());
      rows.failed(id, gone.getMessage(), true);
    } catch (OptimisticLockException raced) {
      // Another delivery of the same row won; the outcome bead exists once either way.
    } catch (RuntimeException e) {
      boolean last = row.deliveries() + 1 >= MAX_DELIVERIES;
      LOG.log(
          last ? Level.SEVERE : Level.WARNING,
          "Outcome " + id + " not recorded (try " + (row.deliveries() + 1) + ")",
          e);
      rows.failed(id, String.valueOf(e.getMessage()), last);
    }
  }

  /** The short transactions of {@link OutcomeRecorder}. */
  @ApplicationScoped
  public static class Rows {

    @PersistenceContext(unitName = "ksp")
    EntityManager em;

    @Inject Clock clock;

    // Background threads read in a transaction too: without one the container's non-transactional
    // EntityManager is tied to a request that these threads do not have.
    @Transactional
    public AtomOutcomeRow pending(long id) {
      AtomOutcomeRow row = em.find(AtomOutcomeRow.class, id);
      return row != null && row.isPending() ? row : null;
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

    @Transactional
    public void delivered(long id, String outcomeBeadId) {
      AtomOutcomeRow row = em.find(AtomOutcomeRow.class, id);
      if (row != null && row.isPending()) {
        row.delivered(outcomeBeadId, clock.millis());
      }
    }

    @Transactional
    public void failed(long id, String error, boolean abandon) {
      AtomOutcomeRow row = em.find(AtomOutcomeRow.class, id);
      if (row != null && row.isPending()) {
        long now = clock.millis();
        // 2 s, 4 s, 8 s ... at most 5 minutes between tries.
        long pause = Math.min(300_000L, 2_000L << Math.min(row.deliveries(), 16));
        row.failed(error, now, now + pause, abandon);
      }
    }
  }
}
