package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.persistence.platform.ClusterLeases;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stream context's alarms (ARCHITECTURE.md "Alarms"): non-persistent interval timers on every
 * node. The buffer sweep and the outbox catch-up run once per cluster, on the node holding their
 * lease; the subscriber poll tick runs on every node, for its own subscribers. Each job runs in its
 * own transactions (the bean manages none) and never overlaps itself.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionManagement(TransactionManagementType.BEAN)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class StreamMaintenance {

  private static final Logger LOG = Logger.getLogger(StreamMaintenance.class.getName());

  static final String SWEEP = "stream-buffer-sweep";
  static final String DRAIN = "stream-outbox-drain";
  static final String TICK = "stream-poll-tick";

  @Resource TimerService timers;
  @Inject StreamSettings settings;
  @Inject ClusterLeases leases;
  @Inject BufferSweeper sweeper;
  @Inject OutboxRelay relay;
  @Inject LiveStreams live;

  private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

  @PostConstruct
  void schedule() {
    every(SWEEP, settings.sweepInterval());
    every(DRAIN, settings.outboxDrainInterval());
    every(TICK, settings.pollInterval());
  }

  private void every(String job, Duration interval) {
    long ms = Math.max(100, interval.toMillis());
    running.put(job, new AtomicBoolean());
    timers.createIntervalTimer(ms, ms, new TimerConfig(job, false));
  }

  @Timeout
  void onTimer(Timer timer) {
    String job = (String) timer.getInfo();
    AtomicBoolean busy = running.get(job);
    if (busy == null || !busy.compareAndSet(false, true)) {
      return;
    }
    try {
      switch (job) {
        case SWEEP -> {
          if (leases.tryAcquire(SWEEP, lease(settings.sweepInterval()))) {
            int n = sweeper.sweep();
            if (n > 0) {
              LOG.fine(() -> "Expired " + n + " event buffer(s)");
            }
          }
        }
        case DRAIN -> {
          if (leases.tryAcquire(DRAIN, lease(settings.outboxDrainInterval()))) {
            // Rows younger than one interval are still being handed off after their commit.
            relay.drainStale(settings.outboxDrainInterval().toMillis());
          }
        }
        case TICK -> live.tick();
        default -> LOG.warning(() -> "Unknown stream timer " + job);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Stream job " + job + " failed; it runs again next interval", e);
    } finally {
      busy.set(false);
    }
  }

  /** A lease outlives a few missed runs of its holder, then another node takes over. */
  private static Duration lease(Duration interval) {
    return interval.multipliedBy(3);
  }
}
