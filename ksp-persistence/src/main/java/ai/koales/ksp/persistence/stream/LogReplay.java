package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.ReplayFilter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A subscriber of a session that ended and whose buffer has expired: it gets the durable log after
 * its cursor and then the end (edges.md §4.5: "terminal -> durable-log replay from seq > cursor,
 * then complete"). When its sink is full it stops and goes on from the same cursor on {@link
 * #resume}.
 */
final class LogReplay implements Subscription, Runnable {

  private static final Logger LOG = Logger.getLogger(LogReplay.class.getName());
  private static final int BATCH = 500;

  private final StreamReads reads;
  private final StreamExecutor executor;
  private final String streamId;
  private final ReplayFilter filter;
  private final EventSink sink;
  private final AtomicInteger wip = new AtomicInteger();
  private long cursor;
  private volatile boolean done;

  LogReplay(
      StreamReads reads,
      StreamExecutor executor,
      String streamId,
      long after,
      ReplayFilter filter,
      EventSink sink) {
    this.reads = reads;
    this.executor = executor;
    this.streamId = streamId;
    this.cursor = after;
    this.filter = filter;
    this.sink = sink;
  }

  /** Starts (or goes on with) the replay on a delivery thread; runs never overlap. */
  void start() {
    if (!done && wip.getAndIncrement() == 0) {
      executor.execute(this);
    }
  }

  @Override
  public void run() {
    int missed = 1;
    do {
      replay();
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void replay() {
    try {
      while (!done) {
        List<BufferedEvent> rows = reads.logAfter(streamId, cursor, filter, BATCH);
        for (BufferedEvent e : rows) {
          if (!sink.ready()) {
            return;
          }
          if (!sink.send(e)) {
            done = true;
            return;
          }
          cursor = e.seq();
        }
        if (rows.size() < BATCH) {
          break;
        }
      }
      if (!done) {
        done = true;
        sink.end(EventSink.EndReason.SESSION_TERMINAL);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Durable-log replay of stream " + streamId + " failed", e);
      done = true;
      sink.end(EventSink.EndReason.SESSION_TERMINAL);
    }
  }

  @Override
  public void resume() {
    start();
  }

  @Override
  public void cancel() {
    done = true;
  }
}
