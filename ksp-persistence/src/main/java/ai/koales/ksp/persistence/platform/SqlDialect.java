package ai.koales.ksp.persistence.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Which database KSP runs on, for the few queries that differ: claiming the next ready bead skips
 * runs locked by other claimers on PostgreSQL ({@code FOR UPDATE SKIP LOCKED}; H2 has no equivalent
 * that the coordinator relies on, so it takes the portable path), and artifact nodes of one type
 * are read on H2 with an index hint ({@code USE INDEX}) that PostgreSQL's planner does not need.
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
