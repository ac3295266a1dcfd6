package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.bead.SessionNotFoundException;
import ai.koales.ksp.domain.coordination.AtomSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
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
    try {
      rows.deliver(id, sessions);
    } catch (SessionNotFoundException gone) {
      LOG.log(Level.WARNING, "Outcome " + id + " abandoned: " + gone.getMessage());
      rows.failed(id, gone.getMessage(), true);
    } catch (RuntimeException e) {
      boolean abandoned = rows.failed(id, String.valueOf(e.getMessage()), false);
      LOG.log(
          abandoned ? Level.SEVERE : Level.WARNING,
          "Outcome " + id + " not recorded" + (abandoned ? "; given up" : "; retried later"),
          e);
    }
  }

  /** The short transactions of {@link OutcomeRecorder}. */
  @ApplicationScoped
  public static class Rows {

    @PersistenceContext(unitName = "ksp")
    EntityManager em;

    @Inject Clock clock;

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
     * that the after-commit delivery and a redelivery never both record it.
     */
    @Transactional
    public void deliver(long id, AtomSessions sessions) {
      AtomOutcomeRow row = em.find(AtomOutcomeRow.class, id, LockModeType.PESSIMISTIC_WRITE);
      if (row == null || !row.isPending()) {
        return;
      }
      String beadId = sessions.recordOutcome(row.pending());
      row.delivered(beadId, clock.millis());
    }

    /** Counts a failed try; returns whether the outcome is now given up. */
    @Transactional
    public boolean failed(long id, String error, boolean permanent) {
      AtomOutcomeRow row = em.find(AtomOutcomeRow.class, id);
      if (row == null || !row.isPending()) {
        return false;
      }
      long now = clock.millis();
      boolean abandon = permanent || row.deliveries() + 1 >= MAX_DELIVERIES;
      // 2 s, 4 s, 8 s ... at most 5 minutes between tries.
      long pause = Math.min(300_000L, 2_000L << Math.min(row.deliveries(), 16));
      row.failed(error, now, now + pause, abandon);
      return abandon;
    }
  }
}
