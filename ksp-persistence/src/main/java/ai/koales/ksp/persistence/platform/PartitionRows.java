package ai.koales.ksp.persistence.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Creates partition rows in their own transaction, so that a failed insert (a concurrent creator
 * won) never dooms the caller's transaction.
 */
@ApplicationScoped
public class PartitionRows {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void createIfAbsent(String scope, String key, long now) {
    if (em.find(PartitionLockRow.class, new PartitionLockRow.Key(scope, key)) == null) {
      em.persist(new PartitionLockRow(scope, key, now));
      em.flush();
    }
  }
}
