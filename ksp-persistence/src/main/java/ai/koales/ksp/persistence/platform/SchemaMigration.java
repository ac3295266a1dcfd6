package ai.koales.ksp.persistence.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema to the newest migration before the application serves any request.
 *
 * <p>It is a startup singleton: Payara completes the deployment (and routes traffic to it) only
 * after this {@code @PostConstruct} returns, and a failure here fails the deployment. Other startup
 * beans that touch the database declare {@code @DependsOn("SchemaMigration")}. Flyway runs with its
 * own connections and transactions, so the bean manages none itself.
 *
 * <p>The datasource is defined here, next to the schema it carries. {@code ${ENV=...}} is used
 * rather than MicroProfile Config because Payara resolves this annotation before the application's
 * config is readable (stack-facts §2).
 *
 * <p>H2's default URL writes commits to the file within 100 ms ({@code WRITE_DELAY=100}, H2's own
 * default is 500 ms): a killed process loses at most that much. Not {@code WRITE_DELAY=0}: it turns
 * off H2's background writer, so every commit writes a new chunk of some 20 KB and nothing ever
 * compacts them (measured: the file grew by 1 GB a minute at 1000 commits/s, and kept growing).
 * Deployments that need every commit durable run on PostgreSQL.
 */
@DataSourceDefinition(
    name = SchemaMigration.DATASOURCE,
    className = "ai.koales.ksp.persistence.platform.KspDataSource",
    url = "${ENV=KSP_DB_URL:jdbc:h2:file:./data/ksp;LOCK_TIMEOUT=10000;WRITE_DELAY=100}",
    user = "${ENV=KSP_DB_USER:ksp}",
    password = "${ENV=KSP_DB_PASSWORD:ksp}",
    minPoolSize = 2,
    maxPoolSize = 64,
    maxIdleTime = 300,
    properties = {
      // Reuse prepared statements per connection: the same few statements run on every write.
      "fish.payara.statement-cache-size=256",
      // Payara issue 6647: without an explicit type the cache fails to initialise.
      "fish.payara.statement-cache-type= ",
      "fish.payara.connection-validation-method=auto-commit",
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.validate-atmost-once-period-in-seconds=30"
    })
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

  public static final String DATASOURCE = "java:app/jdbc/ksp";

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  /** Where the migrations live: portable SQL that runs unchanged on H2 2.2 and PostgreSQL 13+. */
  static final String LOCATION = "classpath:db/migration";

  @Resource(lookup = DATASOURCE)
  private DataSource dataSource;

  private volatile MigrationState state = MigrationState.pending();

  @PostConstruct
  void migrate() {
    long started = System.nanoTime();
    String database = describe(dataSource);
    try {
      MigrateResult result = flyway(dataSource).migrate();
      long ms = (System.nanoTime() - started) / 1_000_000;
      state = MigrationState.complete(result.targetSchemaVersion, result.migrationsExecuted);
      LOG.info(
          () ->
              String.format(
                  "KSP schema is at version %s on %s (%d migration(s) applied in %d ms)",
                  state.version(), database, result.migrationsExecuted, ms));
    } catch (RuntimeException e) {
      state = MigrationState.failed(e.getMessage());
      LOG.log(
          Level.SEVERE,
          "KSP schema migration FAILED on "
              + database
              + ": "
              + e.getMessage()
              + " - the deployment is stopped and no request will be served."
              + " Fix the database or the migration, then restart.",
          e);
      throw new IllegalStateException("KSP schema migration failed: " + e.getMessage(), e);
    }
  }

  /** The Flyway configuration every caller (startup, tests, tooling) shares. */
  public static Flyway flyway(DataSource dataSource) {
    return Flyway.configure(SchemaMigration.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .failOnMissingLocations(true)
        .validateMigrationNaming(true)
        .cleanDisabled(true)
        .load();
  }

  public MigrationState state() {
    return state;
  }

  private static String describe(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      var md = c.getMetaData();
      return md.getDatabaseProductName()
          + " "
          + md.getDatabaseProductVersion()
          + " ("
          + md.getURL().replaceAll("password=[^;&]*", "password=***")
          + ")";
    } catch (SQLException e) {
      return "an unreachable database (" + e.getMessage() + ")";
    }
  }

  /** Where the schema stands; read by the readiness check. */
  public record MigrationState(Status status, String version, int applied, String error) {
    public enum Status {
      PENDING,
      COMPLETE,
      FAILED
    }

    static MigrationState pending() {
      return new MigrationState(Status.PENDING, null, 0, null);
    }

    static MigrationState complete(String version, int applied) {
      return new MigrationState(Status.COMPLETE, version, applied, null);
    }

    static MigrationState failed(String error) {
      return new MigrationState(Status.FAILED, null, 0, error);
    }
  }
}
