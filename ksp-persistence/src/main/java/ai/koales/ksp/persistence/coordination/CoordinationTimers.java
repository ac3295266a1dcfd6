package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.persistence.platform.ClusterLeases;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The coordinator's periodic work, every {@code ksp.coordination.sweep-interval}: the stale sweep
 * (§4.1 sweep; an IN_PROGRESS bead silent for {@code ksp.coordination.stale-after} is rescued or,
 * out of attempts, failed) and the redelivery of undelivered dispatches and outcomes. Every node
 * has the timer; the cluster lease makes one node do the work (ARCHITECTURE.md "Alarms"). One timer
 * for all runs, so initialising a run never postpones anybody's rescue (P12).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CoordinationTimers {

  private static final Logger LOG = Logger.getLogger(CoordinationTimers.class.getName());

  static final String LEASE = "coordination.sweep";
  static final int BATCH = 200;

  @Resource TimerService timers;
  @Inject ClusterLeases leases;
  @Inject CoordinationSettings settings;
  @Inject CoordinationService coordination;
  @Inject BuiltinAgentPool pool;
  @Inject OutcomeRecorder outcomes;
  @Inject ai.koales.ksp.domain.coordination.AtomRunner runner;

  private final AtomicBoolean running = new AtomicBoolean();

  @PostConstruct
  void schedule() {
    // Resolves the runner now, so a misconfigured one stops the deployment (P2).
    LOG.info("Built-in agents (" + settings.poolSize() + ") execute atoms with " + runner);
    long every = settings.sweepInterval().toMillis();
    timers.createIntervalTimer(every, every, new TimerConfig("coordination-sweep", false));
  }

  @Timeout
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void tick() {
    // A slow tick is not overlapped by the next one: it is skipped instead.
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
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
      if (pool.has(t.key())) {
        continue;
      }
      pool.handOff(t);
    }
    outcomes.redeliverDue(BATCH);
  }
}
