package ai.koales.ksp.persistence.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the schema migration has completed and the database answers within two seconds. A load
 * balancer uses this ({@code /health/ready}) to decide whether to send traffic to this node.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  private static final int VALIDATION_TIMEOUT_SECONDS = 2;

  @Inject SchemaMigration migration;

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Override
  public HealthCheckResponse call() {
    SchemaMigration.MigrationState state = migration.state();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("database")
            .withData("migration", state.status().name())
            .withData("schemaVersion", String.valueOf(state.version()));
    if (state.status() != SchemaMigration.MigrationState.Status.COMPLETE) {
      return response.down().build();
    }
    try (Connection c = dataSource.getConnection()) {
      boolean valid = c.isValid(VALIDATION_TIMEOUT_SECONDS);
      return response
          .withData("product", c.getMetaData().getDatabaseProductName())
          .status(valid)
          .build();
    } catch (SQLException e) {
      return response.withData("error", e.getMessage()).down().build();
    }
  }
}
