package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.persistence.platform.ClusterLeases;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Deletes sessions 24 hours after their last activity (core.md §4.2). Every node has the timer; the
 * cluster lease makes one node do the work. Reads treat an expired session as gone anyway, so a
 * late sweep is harmless.
 */
@Singleton
public class SessionSweeper {

  private static final Logger LOG = Logger.getLogger(SessionSweeper.class.getName());
  static final String LEASE = "bead.session-sweep";

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject ClusterLeases leases;
  @Inject Clock clock;

  @Schedule(minute = "*/5", hour = "*", persistent = false)
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  void sweep() {
    if (!leases.tryAcquire(LEASE, Duration.ofMinutes(4))) {
      return;
    }
    int deleted =
        em.createQuery("DELETE FROM SessionRow s WHERE s.expiresAt <= :now")
            .setParameter("now", clock.millis())
            .executeUpdate();
    if (deleted > 0) {
      LOG.info(() -> "Expired knowing-state sessions removed: " + deleted);
    }
  }
}
