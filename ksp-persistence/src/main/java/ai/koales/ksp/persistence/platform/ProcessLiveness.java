package ai.koales.ksp.persistence.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live whenever the application answers at all. Liveness deliberately does not depend on the
 * database: an orchestrator restarts a node whose liveness fails, and restarting does not cure a
 * database outage (readiness takes the node out of rotation instead).
 */
@Liveness
@ApplicationScoped
public class ProcessLiveness implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    Runtime rt = Runtime.getRuntime();
    return HealthCheckResponse.named("process")
        .withData("uptimeMs", ManagementFactory.getRuntimeMXBean().getUptime())
        .withData("heapUsedBytes", rt.totalMemory() - rt.freeMemory())
        .withData("heapMaxBytes", rt.maxMemory())
        .up()
        .build();
  }
}
