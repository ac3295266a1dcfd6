package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.CoordinationPolicy;
import ai.koales.ksp.domain.coordination.ExecutorKind;
import ai.koales.ksp.persistence.platform.ConfigValues;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The coordination context's configuration (MicroProfile Config, keys {@code ksp.coordination.*}
 * and {@code ksp.agents.builtin.*}; defaults in {@code microprofile-config.properties}). Read and
 * checked once at startup, so a bad value stops the deployment instead of surfacing later (P2).
 */
@ApplicationScoped
public class CoordinationSettings {

  private CoordinationPolicy policy;
  private Duration sweepInterval;
  private Duration redeliveryAfter;
  private int maxDeliveries;
  private int poolSize;
  private Duration defaultTimeout;
  private ExecutorKind defaultExecutorForCompiledRuns;
  private Path workspaceRoot;

  @PostConstruct
  void read() {
    Config c = ConfigProvider.getConfig();
    Duration staleAfter = duration(c, "ksp.coordination.stale-after", "PT5M");
    int maxAttempts = positive(c, "ksp.coordination.max-attempts", 3);
    policy = new CoordinationPolicy(staleAfter, maxAttempts);
    sweepInterval = duration(c, "ksp.coordination.sweep-interval", "PT1M");
    redeliveryAfter = duration(c, "ksp.coordination.redelivery-after", "PT30S");
    maxDeliveries = positive(c, "ksp.coordination.max-deliveries", 6);
    poolSize = positive(c, "ksp.agents.builtin.pool-size", 2);
    defaultTimeout = duration(c, "ksp.agents.builtin.default-timeout", "PT10M");
    String executor =
        c.getOptionalValue("ksp.agents.builtin.default-executor", String.class).orElse("builtin");
    defaultExecutorForCompiledRuns =
        ExecutorKind.parse(executor)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "ksp.agents.builtin.default-executor must be external or builtin, not "
                            + executor));
    workspaceRoot =
        Path.of(c.getOptionalValue("ksp.data-dir", String.class).orElse("./data"))
            .resolve("workspace")
            .toAbsolutePath()
            .normalize();
  }

  private static Duration duration(Config c, String key, String fallback) {
    return ConfigValues.duration(c, key, fallback);
  }

  private static int positive(Config c, String key, int fallback) {
    return ConfigValues.positive(c, key, fallback);
  }

  /** Stale threshold and attempts (Q8, Q12). */
  public CoordinationPolicy policy() {
    return policy;
  }

  /** How often the stale sweep and the redelivery of outboxes run. */
  public Duration sweepInterval() {
    return sweepInterval;
  }

  /** How long a built-in run's dispatch may wait undelivered before it is handed out again. */
  public Duration redeliveryAfter() {
    return redeliveryAfter;
  }

  /** Hand-outs of one dispatch before its bead is failed (§4.3: 6 deliveries). */
  public int maxDeliveries() {
    return maxDeliveries;
  }

  /** How many atoms the built-in agents execute at once. */
  public int poolSize() {
    return poolSize;
  }

  /** The timeout of an atom whose directive names none (§4.2 step 3: 10 minutes). */
  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  /** Who executes runs compiled from commissioning (api.md: builtin unless configured). */
  public ExecutorKind defaultExecutorForCompiledRuns() {
    return defaultExecutorForCompiledRuns;
  }

  /** {@code {ksp.data-dir}/workspace}: each run's atoms write under {@code {runId}/}. */
  public Path workspaceRoot() {
    return workspaceRoot;
  }

  /**
   * Built-in agents heartbeat three times per stale threshold, at most once a minute (§4.1: ≤ 60 s
   * apart), so one lost heartbeat never costs the lease.
   */
  public Duration heartbeatInterval() {
    Duration third = policy.staleAfter().dividedBy(3);
    return third.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : third;
  }
}
