package ai.koales.ksp.persistence.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The single-writer rule of the original's Durable Objects, on a relational database: a write
 * transaction of a partition (an org's bead graph, an artifact graph, an event buffer) first locks
 * that partition's row {@code FOR UPDATE}. Writers of one partition queue behind each other;
 * writers of different partitions and all readers run in parallel.
 *
 * <p>The lock is a plain {@code SELECT ... FOR UPDATE} on the transaction's own connection (the
 * datasource hands out the transaction's connection inside a JTA transaction): measured in-process
 * on H2, it costs a tenth of EclipseLink's pessimistic {@code find}, and it runs on every write.
 */
@ApplicationScoped
public class PartitionLocks {

  /** Partition scopes; each names the table family whose writes it serialises. */
  public static final String BEAD_GRAPH = "bead";

  public static final String ARTIFACT_GRAPH = "artifact";

  private static final String LOCK =
      "SELECT created_at FROM partition_lock WHERE scope = ? AND partition_key = ? FOR UPDATE";

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Inject PartitionRows rows;
  @Inject Clock clock;

  /**
   * Locks the partition for the rest of the current transaction (which must exist), creating its
   * row on first use.
   */
  public void lock(String scope, String key) {
    if (tryLock(scope, key)) {
      return;
    }
    // No connection handle of this transaction may be open here: the row is created in a
    // transaction of its own (REQUIRES_NEW), and on PostgreSQL a handle held across that
    // suspension left the new transaction on a connection in auto-commit ("Cannot commit when
    // autoCommit is enabled").
    create(scope, key);
    if (!tryLock(scope, key)) {
      throw new IllegalStateException(
          "Partition row " + scope + "/" + key + " could not be created");
    }
  }

  /**
   * Locks the partition on {@code c}, a connection in a local transaction of its own (auto-commit
   * off, not enlisted in JTA), until that transaction ends. False, and nothing locked, when the
   * partition has no row yet: the caller then closes {@code c}, calls {@link #create} and tries
   * again.
   */
  public boolean tryLock(Connection c, String scope, String key) {
    try (PreparedStatement ps = c.prepareStatement(LOCK)) {
      ps.setString(1, scope);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new PersistenceException("Could not lock partition " + scope + "/" + key, e);
    }
  }

  /**
   * Creates the partition's row if it has none, in a transaction of its own; the caller must hold
   * no open connection handle (see {@link #lock}).
   */
  public void create(String scope, String key) {
    try {
      rows.createIfAbsent(scope, key, clock.millis());
    } catch (TransactionalException | PersistenceException concurrentlyCreated) {
      // Another transaction created the row at the same moment: it exists either way.
    }
  }

  private boolean tryLock(String scope, String key) {
    try (Connection c = dataSource.getConnection()) {
      return tryLock(c, scope, key);
    } catch (SQLException e) {
      throw new PersistenceException("Could not lock partition " + scope + "/" + key, e);
    }
  }
}
