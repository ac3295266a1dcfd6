package ai.koales.ksp.batch.commissioning;

import ai.koales.ksp.domain.commissioning.CommissioningSession;
import ai.koales.ksp.domain.commissioning.CommissioningStatus;
import ai.koales.ksp.persistence.commissioning.CommissioningFollowUp;
import ai.koales.ksp.persistence.commissioning.CommissioningSettings;
import ai.koales.ksp.persistence.commissioning.SessionAbandoned;
import ai.koales.ksp.persistence.commissioning.SessionQueued;
import ai.koales.ksp.persistence.commissioning.SessionWrites;
import ai.koales.ksp.persistence.commissioning.SessionWrites.Active;
import ai.koales.ksp.persistence.platform.ClusterLeases;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives commissioning sessions through the {@code commissioning} job (coordination.md §4.5): per
 * org one session at a time, oldest first. A queued session starts a job, or restarts its stopped
 * one after an approval (only the emit step runs); a session still {@code commissioning} whose job
 * is not running died with its process or failed unexpectedly, and is resumed at the step that did
 * not finish, at most {@code ksp.commissioning.max-resumes} times. Approvals past their deadline
 * are rejected and their stopped jobs abandoned. Sessions whose run finished unheard are ended
 * ({@link CommissioningFollowUp#sweep}).
 *
 * <p>Every node polls every {@code ksp.commissioning.poll-interval} and on each new or approved
 * session; a cluster lease lets one node act. Its own single container-managed thread, so two
 * passes of the worker never overlap.
 */
@ApplicationScoped
public class CommissioningWorker {

  private static final Logger LOG = Logger.getLogger(CommissioningWorker.class.getName());

  static final String JOB = "commissioning";
  static final String LEASE = "commissioning.worker";
  static final int BATCH = 500;

  @Resource ManagedThreadFactory threads;
  @Inject SessionWrites sessions;
  @Inject CommissioningFollowUp followUp;
  @Inject CommissioningSettings settings;
  @Inject ClusterLeases leases;
  @Inject BatchRepositoryRecovery recovery;

  private volatile ScheduledThreadPoolExecutor scheduler;

  void start(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    recovery.recover();
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, threads);
    s.setRemoveOnCancelPolicy(true);
    long every = settings.pollInterval().toMillis();
    s.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    scheduler = s;
  }

  @PreDestroy
  void stop() {
    ScheduledThreadPoolExecutor s = scheduler;
    if (s != null) {
      s.shutdownNow();
    }
  }

  /** A session was queued or approved (after commit): look now rather than at the next poll. */
  void onQueued(@Observes SessionQueued queued) {
    wake();
  }

  /** A rejected session's stopped job is abandoned (on the worker's thread). */
  void onAbandoned(@Observes SessionAbandoned ended) {
    ScheduledThreadPoolExecutor s = scheduler;
    if (s != null && !s.isShutdown()) {
      s.execute(() -> abandon(BatchRuntime.getJobOperator(), ended.jobExecutionId()));
    }
  }

  /** Looks for work now (a job ended, a session was queued). */
  public void wake() {
    ScheduledThreadPoolExecutor s = scheduler;
    if (s != null && !s.isShutdown()) {
      s.execute(this::tick);
    }
  }

  void tick() {
    try {
      Duration ttl = settings.pollInterval().multipliedBy(5);
      if (!leases.tryAcquire(LEASE, ttl)) {
        return;
      }
      JobOperator jobs = BatchRuntime.getJobOperator();
      expireApprovals(jobs);
      advance(jobs);
      followUp.sweep(settings.sessionEndQuiet());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Commissioning worker pass failed; it runs again next interval", e);
    }
  }

  private void expireApprovals(JobOperator jobs) {
    for (String id : sessions.expiredApprovals(BATCH)) {
      try {
        sessions
            .expire(id)
            .ifPresent(
                a -> {
                  LOG.info(() -> "Commissioning session " + id + " rejected: approval expired");
                  abandon(jobs, a.jobExecutionId());
                });
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Expiring the approval of session " + id + " failed", e);
      }
    }
  }

  private void advance(JobOperator jobs) {
    Set<String> orgsSeen = new HashSet<>();
    for (Active a : sessions.active(BATCH)) {
      // Oldest first: only each org's oldest active session may run (one at a time per org).
      if (!orgsSeen.add(a.session().orgId())) {
        continue;
      }
      try {
        advance(jobs, a);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Could not run commissioning session " + a.session().sessionId(), e);
      }
    }
  }

  private void advance(JobOperator jobs, Active a) {
    CommissioningSession s = a.session();
    String id = s.sessionId();
    Optional<BatchStatus> execution = status(jobs, a.jobExecutionId());
    if (execution.map(CommissioningWorker::running).orElse(false)) {
      return;
    }
    boolean restartable =
        execution.filter(st -> st == BatchStatus.STOPPED || st == BatchStatus.FAILED).isPresent();
    if (s.status() == CommissioningStatus.QUEUED) {
      if (!sessions.start(id)) {
        return;
      }
    } else if (!sessions.resume(id, settings.maxResumes())) {
      // Out of resumes: the session failed (commission-failed); its job stays where it is.
      abandon(jobs, a.jobExecutionId());
      return;
    } else {
      LOG.info(() -> "Commissioning session " + id + " resumes: its job is no longer running");
    }
    long executionId;
    if (restartable) {
      Properties params = jobs.getParameters(a.jobExecutionId());
      // restart() does not carry the original parameters over.
      Properties merged = new Properties();
      merged.putAll(params == null ? new Properties() : params);
      merged.setProperty("sessionId", id);
      merged.setProperty("orgId", s.orgId());
      executionId = jobs.restart(a.jobExecutionId(), merged);
    } else {
      Properties params = new Properties();
      params.setProperty("sessionId", id);
      params.setProperty("orgId", s.orgId());
      executionId = jobs.start(JOB, params);
    }
    sessions.executing(id, executionId);
    LOG.info(
        () ->
            "Commissioning session "
                + id
                + (restartable
                    ? ": job execution " + a.jobExecutionId() + " restarted as " + executionId
                    : ": job started, execution " + executionId));
  }

  private static boolean running(BatchStatus s) {
    return s == BatchStatus.STARTING || s == BatchStatus.STARTED || s == BatchStatus.STOPPING;
  }

  private static Optional<BatchStatus> status(JobOperator jobs, Long executionId) {
    if (executionId == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(jobs.getJobExecution(executionId).getBatchStatus());
    } catch (NoSuchJobExecutionException e) {
      // Another node's (or a wiped) batch repository: start afresh from the session's checkpoint.
      return Optional.empty();
    }
  }

  /** A rejected or given-up session's stopped job must never be restarted. */
  static void abandon(JobOperator jobs, Long executionId) {
    if (executionId == null) {
      return;
    }
    try {
      BatchStatus st = jobs.getJobExecution(executionId).getBatchStatus();
      if (st == BatchStatus.STOPPED || st == BatchStatus.FAILED) {
        jobs.abandon(executionId);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Job execution " + executionId + " not abandoned", e);
    }
  }
}
