package ai.koales.ksp.persistence.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs work once the current transaction has committed, and before the call that committed it
 * returns to its caller: cache invalidation must never run before the commit (a reader could put
 * the old state back) and must be done when the writer's call returns (core.md §4.2, INV-LC-006).
 */
@ApplicationScoped
public class AfterCommit {

  private static final Logger LOG = Logger.getLogger(AfterCommit.class.getName());

  @Resource TransactionSynchronizationRegistry registry;

  /**
   * Runs {@code work} after the current transaction commits (not at all on rollback); now if none.
   */
  public void run(Runnable work) {
    if (registry.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
      work.run();
      return;
    }
    registry.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              try {
                work.run();
              } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "After-commit work failed", e);
              }
            }
          }
        });
  }
}
