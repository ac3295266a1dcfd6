package ai.koales.ksp.persistence.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bound and the cancellation that coordination keeps over the container's executor. */
class ContainerTasksTest {

  final ExecutorService container = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    container.shutdownNow();
  }

  @Test
  void atMostLimitTasksRunAtOnceAndTheOthersStartAsTheyFinish() throws Exception {
    ContainerTasks tasks = new ContainerTasks(container, 2);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch twoRunning = new CountDownLatch(2);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> started = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      futures.add(
          tasks.submit(
              () -> {
                started.add(n);
                most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                twoRunning.countDown();
                release.await();
                concurrent.decrementAndGet();
                return n;
              }));
    }
    assertThat(twoRunning.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(tasks.running()).isEqualTo(2);
    assertThat(started).containsExactlyInAnyOrder(0, 1);

    release.countDown();
    for (int i = 0; i < 5; i++) {
      assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
    }
    assertThat(most.get()).isEqualTo(2);
    assertThat(started.subList(2, 5)).containsExactlyInAnyOrder(2, 3, 4);
  }

  @Test
  void shutdownNowInterruptsRunningTasksAndReturnsTheWaitingOnes() throws Exception {
    ContainerTasks tasks = new ContainerTasks(container, 1);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Future<?> first =
        tasks.submit(
            () -> {
              running.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
            });
    Future<?> second = tasks.submit(() -> {});
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    List<Runnable> neverStarted = tasks.shutdownNow();

    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(first.isCancelled()).isTrue();
    assertThat(neverStarted).containsExactly((Runnable) second);
    assertThat(tasks.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> tasks.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void aCancelledCallInterruptsItsThreadAndFreesItsPlace() throws Exception {
    ContainerTasks tasks = new ContainerTasks(container, 1);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Future<?> call =
        tasks.submit(
            () -> {
              running.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
            });
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    call.cancel(true);
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(tasks.submit(() -> "next").get(10, TimeUnit.SECONDS)).isEqualTo("next");
  }

  @Test
  void aContainerThatRefusesWorkRejectsTheCallerAndEverythingAfter() {
    ExecutorService stopped = Executors.newSingleThreadExecutor();
    stopped.shutdown();
    ContainerTasks tasks = new ContainerTasks(stopped, 2);
    assertThatThrownBy(() -> tasks.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(tasks.isShutdown()).isTrue();
    assertThatThrownBy(() -> tasks.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
