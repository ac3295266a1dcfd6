package ai.koales.ksp.persistence.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Cluster-wide periodic jobs: every node runs the timer, but a run does work only on the node that
 * holds the job's lease row in the database, so the job runs once per cluster (ARCHITECTURE.md
 * "Alarms"). A node that dies simply stops renewing; another node takes over when the lease
 * expires.
 */
@ApplicationScoped
public class ClusterLeases {

  /** This JVM, as a lease holder. */
  public static final String NODE =
      ManagementFactory.getRuntimeMXBean().getName()
          + "/"
          + UUID.randomUUID().toString().substring(0, 8);

  @Inject ClusterLeaseWriter writer;
  @Inject Clock clock;

  /**
   * Takes or renews lease {@code name} for {@code ttl}; true when this node holds it afterwards.
   * Runs in its own short transaction so the lease row is never held locked by the job's work.
   */
  public boolean tryAcquire(String name, Duration ttl) {
    try {
      return writer.acquire(name, NODE, clock.millis(), ttl.toMillis());
    } catch (TransactionalException | PersistenceException raced) {
      // Two nodes created the row at once, or another renewed it concurrently: not ours this time.
      return false;
    }
  }

  /** The short transactions of {@link ClusterLeases}. */
  @ApplicationScoped
  public static class ClusterLeaseWriter {

    @PersistenceContext(unitName = "ksp")
    EntityManager em;

    @jakarta.transaction.Transactional(jakarta.transaction.Transactional.TxType.REQUIRES_NEW)
    public boolean acquire(String name, String node, long now, long ttlMillis) {
      // Lock the lease row so two nodes cannot both see it expired and both take it.
      ClusterLeaseRow row = em.find(ClusterLeaseRow.class, name, LockModeType.PESSIMISTIC_WRITE);
      if (row == null) {
        em.persist(new ClusterLeaseRow(name, node, now + ttlMillis));
        em.flush();
        return true;
      }
      return row.acquire(node, now, now + ttlMillis);
    }
  }
}
