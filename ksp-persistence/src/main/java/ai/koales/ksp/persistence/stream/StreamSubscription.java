package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.ReplayFilter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One subscriber of one session's live buffer. A wake-up schedules a drain on the delivery
 * executor; drains of one subscription never overlap (work-in-progress counter), and a wake-up
 * during a drain makes it run once more, so no wake-up is lost. The drain reads by seq after the
 * subscriber's cursor until nothing is left (or its sink is full: it resumes from the same cursor):
 * replay and live delivery are the same loop, hence no gap and no duplicate at the seam.
 */
final class StreamSubscription implements Subscription, Runnable {

  private static final Logger LOG = Logger.getLogger(StreamSubscription.class.getName());
  private static final int BATCH = 500;

  private final LiveStreams hub;
  final StreamTail tail;
  private final ReplayFilter filter;
  private final EventSink sink;
  private final AtomicInteger wip = new AtomicInteger();
  private long cursor;
  private volatile boolean done;
  private volatile boolean pingDue;
  private volatile long lastSentAt;

  StreamSubscription(
      LiveStreams hub, StreamTail tail, long after, ReplayFilter filter, EventSink sink, long now) {
    this.hub = hub;
    this.tail = tail;
    this.cursor = after;
    this.filter = filter;
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
        List<BufferedEvent> batch = tail.after(cursor, BATCH, hub.reads());
        if (batch == null) {
          finish(EventSink.EndReason.REPLAY_WINDOW_EXPIRED);
          return;
        }
        if (batch.isEmpty()) {
          break;
        }
        for (BufferedEvent e : batch) {
          if (filter.matches(e)) {
            if (!sink.ready()) {
              // The receiver is behind: go on from here when it catches up.
              break deliver;
            }
            if (!sink.send(e)) {
              cancel();
              return;
            }
            lastSentAt = hub.now();
          }
          cursor = e.seq();
          if (e.terminal()) {
            finish(EventSink.EndReason.SESSION_TERMINAL);
            return;
          }
        }
      }
      if (pingDue && !done) {
        pingDue = false;
        sink.keepAlive();
        lastSentAt = hub.now();
      }
    } catch (RuntimeException e) {
      // A database hiccup: the cursor is unchanged, so the next wake-up (at the latest the
      // node's poll tick) retries from the same seq.
      LOG.log(Level.WARNING, "Delivery on stream " + tail.streamId + " failed; will retry", e);
    }
  }

  private void finish(EventSink.EndReason reason) {
    if (!done) {
      done = true;
      hub.remove(this);
      sink.end(reason);
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
