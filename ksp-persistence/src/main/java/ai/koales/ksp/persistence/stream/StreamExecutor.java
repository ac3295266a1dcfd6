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
import java.util.function.IntSupplier;

/**
 * The threads of the stream context, container-managed so tasks may call transactional services:
 * delivery to subscribers ({@code ksp.stream.delivery-threads}), where a subscriber's sends run on
 * one thread at a time and never on a request thread; and, apart from it, the outbox relay ({@code
 * ksp.stream.relay-threads}), so that however delivery fares, committed events keep reaching their
 * buffers.
 */
@ApplicationScoped
public class StreamExecutor {

  @Resource ManagedThreadFactory threadFactory;
  @Inject StreamSettings settings;

  private final AtomicReference<ThreadPoolExecutor> delivery = new AtomicReference<>();
  private final AtomicReference<ThreadPoolExecutor> relay = new AtomicReference<>();

  /** Runs a delivery task. */
  public void execute(Runnable task) {
    pool(delivery, settings::deliveryThreads).execute(task);
  }

  /** Runs an outbox relay task. */
  public void relay(Runnable task) {
    pool(relay, settings::relayThreads).execute(task);
  }

  private ExecutorService pool(AtomicReference<ThreadPoolExecutor> ref, IntSupplier size) {
    ThreadPoolExecutor p = ref.get();
    if (p == null) {
      int n = size.getAsInt();
      ThreadPoolExecutor created =
          new ThreadPoolExecutor(
              n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
      created.allowCoreThreadTimeOut(true);
      if (ref.compareAndSet(null, created)) {
        p = created;
      } else {
        created.shutdown();
        p = ref.get();
      }
    }
    return p;
  }

  @PreDestroy
  void shutdown() {
    for (AtomicReference<ThreadPoolExecutor> ref : java.util.List.of(delivery, relay)) {
      ThreadPoolExecutor p = ref.getAndSet(null);
      if (p != null) {
        p.shutdownNow();
      }
    }
  }
}
