package ai.koales.ksp.persistence.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.time.Clock;

/**
 * The single-writer rule of the original's Durable Objects, on a relational database: a write
 * transaction of a partition (an org's bead graph, an artifact graph, an event buffer) first locks
 * that partition's row {@code FOR UPDATE}. Writers of one partition queue behind each other;
 * writers of different partitions and all readers run in parallel.
 */
@ApplicationScoped
public class PartitionLocks {

  /** Partition scopes; each names the table family whose writes it serialises. */
  public static final String BEAD_GRAPH = "bead";

  public static final String ARTIFACT_GRAPH = "artifact";

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject PartitionRows rows;
  @Inject Clock clock;

  /**
   * Locks the partition for the rest of the current transaction (which must exist), creating its
   * row on first use.
   */
  public void lock(String scope, String key) {
    PartitionLockRow.Key id = new PartitionLockRow.Key(scope, key);
    // Pessimistic lock: serialises all writers of this partition until commit (single writer).
    if (em.find(PartitionLockRow.class, id, LockModeType.PESSIMISTIC_WRITE) != null) {
      return;
    }
    try {
      rows.createIfAbsent(scope, key, clock.millis());
    } catch (TransactionalException | PersistenceException concurrentlyCreated) {
      // Another transaction created the row at the same moment: lock the one that exists.
    }
    if (em.find(PartitionLockRow.class, id, LockModeType.PESSIMISTIC_WRITE) == null) {
      throw new IllegalStateException(
          "Partition row " + scope + "/" + key + " could not be created");
    }
  }
}
