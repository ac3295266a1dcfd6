package ai.koales.ksp.persistence.coordination;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The coordination context's background threads, all made by the container's {@link
 * ManagedThreadFactory} (so their tasks may call transactional services): the built-in agents
 * ({@code ksp.agents.builtin.pool-size} threads), the runner calls they supervise (one per running
 * atom, so that a timeout can cancel the call), outcome recording, and the periodic sweep.
 *
 * <p>Why not the {@code ManagedExecutorService}: its tasks carry the component invocation of the
 * thread that submitted them, and dispatches and outcomes are submitted from transaction
 * completions and from the periodic job; Payara 6 cannot restore such an invocation on its pool
 * thread ({@code InvocationException: No invocation on invocation stack}) and closes the task's
 * EntityManager under it. Threads from the managed factory carry the application's context for
 * their whole life instead.
 */
@ApplicationScoped
public class CoordinationThreads {

  @Resource ManagedThreadFactory factory;
  @Inject CoordinationSettings settings;

  private ThreadPoolExecutor agents;
  private ThreadPoolExecutor calls;
  private ThreadPoolExecutor outcomes;
  private ScheduledThreadPoolExecutor scheduler;

  /** The built-in agents: exactly {@code pool-size} threads. */
  public synchronized ExecutorService agents() {
    if (agents == null) {
      agents = fixed(settings.poolSize());
    }
    return agents;
  }

  /** The runner calls of running atoms, each cancellable by its agent. */
  public synchronized ExecutorService calls() {
    if (calls == null) {
      calls = fixed(settings.poolSize());
    }
    return calls;
  }

  /** Recording outcomes in the bead graph after commit. */
  public synchronized ExecutorService outcomes() {
    if (outcomes == null) {
      outcomes = fixed(2);
    }
    return outcomes;
  }

  public synchronized ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      scheduler = new ScheduledThreadPoolExecutor(1, factory);
      scheduler.setRemoveOnCancelPolicy(true);
    }
    return scheduler;
  }

  private ThreadPoolExecutor fixed(int n) {
    ThreadPoolExecutor p =
        new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  @PreDestroy
  synchronized void shutdown() {
    for (ExecutorService e : new ExecutorService[] {scheduler, agents, calls, outcomes}) {
      if (e != null) {
        e.shutdownNow();
      }
    }
  }
}
