package ai.koales.ksp.persistence.coordination;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The coordination context's background work, all on the container's default {@link
 * ManagedExecutorService} (coordination.md §8 "Atom runs → ManagedExecutorService"), so tasks run
 * with the application's context and may call transactional services: the built-in agents (at most
 * {@code ksp.agents.builtin.pool-size} at once), the runner calls they supervise (one per running
 * atom, so that a timeout can cancel the call; not bounded separately, so that a call which ignores
 * its cancellation never holds back the next atom), and outcome recording (at most two at once).
 * The periodic sweep runs on the default {@link ManagedScheduledExecutorService}.
 *
 * <p>The bound is kept here ({@link ContainerTasks}) rather than in an
 * {@code @ManagedExecutorDefinition}: its {@code maxAsync} is an annotation constant, while the
 * pool size is configuration. Checked on Payara Micro 6.2025.10: tasks submitted from request
 * threads, from after-commit synchronisations on the executor's own threads (chaining from one atom
 * to the next), from Jakarta Batch threads (commissioning seeding a built-in run) and from the
 * periodic job (stale rescue and redelivery handing atoms to the agents) all run with working
 * transactions and EntityManagers (BuiltinAgentsIT, FirstLoopIT, CoordinationDurabilityIT). An
 * earlier version handed work over from an EJB timer callback, from which Payara 6 cannot propagate
 * the invocation ({@code InvocationException: No invocation on invocation stack}); the periodic job
 * is no EJB timer any more, so that restriction does not apply.
 */
@ApplicationScoped
public class CoordinationThreads {

  /** Outcomes recorded at once: recording is short, and the redelivery retries what waits. */
  static final int OUTCOME_RECORDERS = 2;

  @Resource ManagedExecutorService executor;
  @Resource ManagedScheduledExecutorService scheduled;
  @Inject CoordinationSettings settings;

  private ContainerTasks agents;
  private ContainerTasks calls;
  private ContainerTasks outcomes;

  /** The built-in agents: at most {@code pool-size} at once. */
  public synchronized ExecutorService agents() {
    if (agents == null) {
      agents = new ContainerTasks(executor, settings.poolSize());
    }
    return agents;
  }

  /** The runner calls of running atoms, each cancellable by its agent. */
  public synchronized ExecutorService calls() {
    if (calls == null) {
      calls = new ContainerTasks(executor, Integer.MAX_VALUE);
    }
    return calls;
  }

  /** Recording outcomes in the bead graph after commit. */
  public synchronized ExecutorService outcomes() {
    if (outcomes == null) {
      outcomes = new ContainerTasks(executor, OUTCOME_RECORDERS);
    }
    return outcomes;
  }

  /** The periodic job's executor (the container's; its jobs are cancelled by their owners). */
  public ScheduledExecutorService scheduler() {
    return scheduled;
  }

  /** Undeployment: running atoms and calls are interrupted, waiting work is dropped. */
  @PreDestroy
  synchronized void shutdown() {
    for (ContainerTasks t : new ContainerTasks[] {agents, calls, outcomes}) {
      if (t != null) {
        t.shutdownNow();
      }
    }
  }
}
