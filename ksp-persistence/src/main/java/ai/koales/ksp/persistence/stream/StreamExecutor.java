package ai.koales.ksp.persistence.stream;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads that relay the outbox and deliver events to subscribers: a fixed pool ({@code
 * ksp.stream.delivery-threads}) of container-managed threads, so tasks may call transactional
 * services. A subscriber's sends run on one thread at a time, never on a request thread.
 */
@ApplicationScoped
public class StreamExecutor {

  @Resource ManagedThreadFactory threadFactory;
  @Inject StreamSettings settings;

  private final AtomicReference<ThreadPoolExecutor> pool = new AtomicReference<>();

  public void execute(Runnable task) {
    executor().execute(task);
  }

  private ExecutorService executor() {
    ThreadPoolExecutor p = pool.get();
    if (p == null) {
      int n = settings.deliveryThreads();
      ThreadPoolExecutor created =
          new ThreadPoolExecutor(
              n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
      created.allowCoreThreadTimeOut(true);
      if (pool.compareAndSet(null, created)) {
        p = created;
      } else {
        created.shutdown();
        p = pool.get();
      }
    }
    return p;
  }

  @PreDestroy
  void shutdown() {
    ThreadPoolExecutor p = pool.getAndSet(null);
    if (p != null) {
      p.shutdownNow();
    }
  }
}
