package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.persistence.platform.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Which database the coordinator runs on, for the one query that differs: claiming the next ready
 * bead skips runs locked by other claimers on PostgreSQL ({@code FOR UPDATE SKIP LOCKED}); H2 has
 * no equivalent that the coordinator relies on, so it takes the portable path.
 */
@ApplicationScoped
public class SqlDialect {

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  private volatile Boolean postgres;

  public boolean isPostgres() {
    Boolean p = postgres;
    if (p == null) {
      try (Connection c = dataSource.getConnection()) {
        p = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot tell which database this is", e);
      }
      postgres = p;
    }
    return p;
  }
}
