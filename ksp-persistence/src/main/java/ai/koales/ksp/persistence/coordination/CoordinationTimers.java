package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.AtomRunner;
import ai.koales.ksp.persistence.platform.ClusterLeases;
import ai.koales.ksp.persistence.platform.SchemaMigration;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The coordinator's periodic work, every {@code ksp.coordination.sweep-interval}: the stale sweep
 * (§4.1 sweep; an IN_PROGRESS bead silent for {@code ksp.coordination.stale-after} is rescued or,
 * out of attempts, failed) and the redelivery of undelivered dispatches and outcomes. Every node
 * schedules it; the cluster lease makes one node do the work (ARCHITECTURE.md "Alarms"). One job
 * for all runs, so initialising a run never postpones anybody's rescue (P12).
 *
 * <p>It runs on the container's managed scheduled executor ({@link
 * CoordinationThreads#scheduler()}) rather than as an EJB timer callback, because it hands work on
 * to the managed executor (built-in agents, outcome recording), which Payara 6 does not allow from
 * inside an EJB invocation.
 */
@ApplicationScoped
public class CoordinationTimers {

  private static final Logger LOG = Logger.getLogger(CoordinationTimers.class.getName());

  static final String LEASE = "coordination.sweep";
  static final int BATCH = 200;

  @Inject CoordinationThreads threads;
  @Inject ClusterLeases leases;
  @Inject CoordinationSettings settings;
  @Inject CoordinationService coordination;
  @Inject BuiltinAgentPool pool;
  @Inject OutcomeRecorder outcomes;
  @Inject AtomRunner runner;
  @Inject SchemaMigration migration;

  private final AtomicBoolean running = new AtomicBoolean();
  private volatile ScheduledFuture<?> job;

  void start(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    // Resolves the runner now, so a misconfigured one stops the deployment (P2).
    LOG.info("Built-in agents (" + settings.poolSize() + ") execute atoms with " + runner);
    long every = settings.sweepInterval().toMillis();
    job =
        threads.scheduler().scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    ScheduledFuture<?> j = job;
    if (j != null) {
      j.cancel(false);
    }
  }

  void tick() {
    // A slow run is not overlapped by the next one (fixed delay), nor by a second caller.
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      // The application may be initialised before the schema is migrated (first boot).
      if (migration.state().status() != SchemaMigration.MigrationState.Status.COMPLETE) {
        return;
      }
      Duration ttl = settings.sweepInterval().multipliedBy(3);
      if (!leases.tryAcquire(LEASE, ttl)) {
        return;
      }
      sweep();
      redeliver();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Coordination sweep failed; it runs again next interval", e);
    } finally {
      running.set(false);
    }
  }

  private void sweep() {
    for (String runId : coordination.runsToRescue(BATCH)) {
      try {
        int changed = coordination.rescue(runId);
        if (changed > 0) {
          LOG.info(() -> "Stale sweep: " + changed + " bead(s) of run " + runId + " rescued");
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Stale sweep of run " + runId + " failed", e);
      }
    }
  }

  private void redeliver() {
    for (DispatchTicket t : coordination.dueDispatches(BATCH)) {
      if (!pool.has(t.key())) {
        pool.handOff(t);
      }
    }
    outcomes.redeliverDue(BATCH);
  }
}
