package ai.koales.ksp.persistence.coordination;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One kind of coordination work on the container's {@code ManagedExecutorService}: at most {@code
 * limit} of its tasks run at once (the others wait here, first in first out), and {@link
 * #shutdownNow} cancels, interrupting, only this kind's tasks. The container's executor is shared
 * by the whole server and its life cycle is the container's (an application may not shut it down),
 * so the bound and the cancellation at undeployment live here.
 */
final class ContainerTasks extends AbstractExecutorService {

  private final Executor container;
  private final int limit;
  private final Deque<FutureTask<?>> waiting = new ArrayDeque<>();
  private final Set<FutureTask<?>> running = new HashSet<>();
  private boolean shutdown;

  ContainerTasks(Executor container, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    this.container = container;
    this.limit = limit;
  }

  @Override
  public void execute(Runnable command) {
    FutureTask<?> task =
        command instanceof FutureTask<?> f ? f : new FutureTask<Void>(command, null);
    synchronized (this) {
      if (shutdown) {
        throw new RejectedExecutionException("coordination work is shutting down");
      }
      waiting.add(task);
    }
    drain();
    synchronized (this) {
      if (shutdown && task.isCancelled()) {
        throw new RejectedExecutionException("the container refused coordination work");
      }
    }
  }

  /** Starts waiting tasks while fewer than {@code limit} run. */
  private void drain() {
    while (true) {
      FutureTask<?> next;
      synchronized (this) {
        if (shutdown || running.size() >= limit || waiting.isEmpty()) {
          return;
        }
        next = waiting.poll();
        running.add(next);
      }
      try {
        container.execute(() -> runFrom(next));
      } catch (RejectedExecutionException containerStopping) {
        // Only while the server shuts down: nothing of this kind will run any more.
        List<FutureTask<?>> dropped;
        synchronized (this) {
          shutdown = true;
          running.remove(next);
          dropped = new ArrayList<>(waiting);
          waiting.clear();
          dropped.add(next);
          notifyAll();
        }
        dropped.forEach(t -> t.cancel(false));
        return;
      }
    }
  }

  /**
   * Runs {@code first}, then, in the same container task, whatever of this kind waits, until
   * nothing does: the slot passes from task to task. Each container task captures the caller's
   * context, which Payara does with a class-path scan (ContextSetupProviderImpl), so a burst of
   * outcomes or dispatches pays for one capture, not one each.
   */
  private void runFrom(FutureTask<?> first) {
    FutureTask<?> task = first;
    while (task != null) {
      try {
        task.run();
      } finally {
        synchronized (this) {
          running.remove(task);
          task = shutdown ? null : waiting.poll();
          if (task != null) {
            running.add(task);
          }
          notifyAll();
        }
      }
    }
  }

  /** How many of this kind's tasks run now (for tests and diagnostics). */
  synchronized int running() {
    return running.size();
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> neverStarted;
    List<FutureTask<?>> interrupt;
    synchronized (this) {
      shutdown = true;
      neverStarted = new ArrayList<>(waiting);
      waiting.clear();
      interrupt = new ArrayList<>(running);
    }
    interrupt.forEach(t -> t.cancel(true));
    return neverStarted;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && running.isEmpty() && waiting.isEmpty();
  }

  @Override
  public synchronized boolean awaitTermination(long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!isTerminated()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
