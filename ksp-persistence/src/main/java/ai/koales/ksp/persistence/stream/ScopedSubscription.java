package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.EventStream;
import ai.koales.ksp.domain.stream.StreamReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A subscriber of one stream kind across sessions, by scope: {@code artifactWrites} of an assembly
 * or {@code beadUpdates} of a run (edges.md §4.2: an assembly or run id is never a session id). Seq
 * is per session, so the cursor is per session (edges.md §8 Q18); order holds within each session.
 * It reads the live buffers of the scope's sessions that the reader may read (org rule) and never
 * ends on its own.
 */
final class ScopedSubscription implements Subscription, Runnable {

  private static final Logger LOG = Logger.getLogger(ScopedSubscription.class.getName());
  private static final int BATCH = 500;

  private final LiveStreams hub;
  final EventStream stream;
  final boolean byRun;
  final String scopeId;
  private final Map<String, Long> cursors;
  private final long defaultCursor;
  private final StreamReader reader;
  private final EventSink sink;
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean done;
  private volatile boolean pingDue;
  private volatile long lastSentAt;

  ScopedSubscription(
      LiveStreams hub,
      EventStream stream,
      boolean byRun,
      String scopeId,
      Map<String, Long> cursors,
      long defaultCursor,
      StreamReader reader,
      EventSink sink,
      long now) {
    this.hub = hub;
    this.stream = stream;
    this.byRun = byRun;
    this.scopeId = scopeId;
    this.cursors = new ConcurrentHashMap<>(cursors);
    this.defaultCursor = defaultCursor;
    this.reader = reader;
    this.sink = sink;
    this.lastSentAt = now;
  }

  void wake() {
    if (!done && wip.getAndIncrement() == 0) {
      hub.executor().execute(this);
    }
  }

  void pingIfIdle(long now, long keepAliveMillis) {
    if (now - lastSentAt >= keepAliveMillis) {
      pingDue = true;
      wake();
    }
  }

  @Override
  public void run() {
    int missed = 1;
    do {
      drain();
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void drain() {
    try {
      deliver:
      while (!done) {
        List<BufferedEvent> rows =
            hub.reads()
                .scopedAfter(
                    stream,
                    byRun,
                    scopeId,
                    s -> cursors.getOrDefault(s, defaultCursor),
                    reader,
                    BATCH);
        if (rows.isEmpty()) {
          break;
        }
        for (BufferedEvent e : rows) {
          if (!sink.ready()) {
            break deliver;
          }
          if (!sink.send(e)) {
            cancel();
            return;
          }
          lastSentAt = hub.now();
          cursors.put(e.streamId(), e.seq());
        }
      }
      if (pingDue && !done) {
        pingDue = false;
        sink.keepAlive();
        lastSentAt = hub.now();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Delivery of " + stream.wireName() + " " + scopeId + " failed", e);
    }
  }

  @Override
  public void resume() {
    wake();
  }

  @Override
  public void cancel() {
    done = true;
    hub.remove(this);
  }
}
