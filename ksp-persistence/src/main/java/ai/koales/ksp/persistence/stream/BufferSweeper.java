package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.EventBuffer;
import ai.koales.ksp.domain.stream.ExpiryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes expired buffers (edges.md §4.5): rows and meta of every buffer whose expiry has passed,
 * one buffer per transaction. The expiry is checked again under the buffer's lock, so an append
 * that slid it in the meantime wins. The permanent log is never touched. Subscribers are told after
 * commit ({@link BufferExpired}).
 */
@ApplicationScoped
public class BufferSweeper {

  private static final Logger LOG = Logger.getLogger(BufferSweeper.class.getName());
  private static final int BATCH = 500;

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject ExpiryPolicy policy;
  @Inject Clock clock;
  @Inject Event<BufferExpired> expired;
  @Inject BufferSweeper self;

  /** Sweeps every buffer expired by now; returns how many were deleted. */
  public int sweep() {
    long now = clock.millis();
    int deleted = 0;
    List<String> candidates = self.expiredBefore(now);
    for (String streamId : candidates) {
      try {
        if (self.expire(streamId, now)) {
          deleted++;
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Could not expire the buffer of stream " + streamId, e);
      }
    }
    return deleted;
  }

  @Transactional
  public List<String> expiredBefore(long now) {
    return em.createQuery(
            "SELECT m.sessionId FROM BufferMetaRow m WHERE"
                + " (m.terminalAt IS NOT NULL AND m.terminalAt <= :terminalLimit)"
                + " OR (m.terminalAt IS NULL AND m.lastWriteAt <= :writeLimit)",
            String.class)
        .setParameter("terminalLimit", now - policy.terminalGrace().toMillis())
        .setParameter("writeLimit", now - policy.ttl().toMillis())
        .setMaxResults(BATCH)
        .getResultList();
  }

  /** Deletes the buffer of {@code streamId} if it is still expired under its lock. */
  @Transactional
  public boolean expire(String streamId, long now) {
    // Pessimistic lock: no append may slide the expiry between the check and the delete.
    BufferMetaRow meta = em.find(BufferMetaRow.class, streamId, LockModeType.PESSIMISTIC_WRITE);
    if (meta == null) {
      return false;
    }
    EventBuffer buffer = meta.toBuffer();
    if (!buffer.isExpired(now, policy)) {
      return false;
    }
    em.createQuery("DELETE FROM BufferedEventRow e WHERE e.sessionId = :s")
        .setParameter("s", streamId)
        .executeUpdate();
    em.remove(meta);
    expired.fire(new BufferExpired(streamId));
    return true;
  }
}
