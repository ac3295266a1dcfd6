package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.ReplayFilter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A subscriber of a session that ended and whose buffer has expired: it gets the durable log after
 * its cursor and then the end (edges.md §4.5: "terminal -> durable-log replay from seq > cursor,
 * then complete").
 */
final class LogReplay implements Subscription, Runnable {

  private static final Logger LOG = Logger.getLogger(LogReplay.class.getName());
  private static final int BATCH = 500;

  private final StreamReads reads;
  private final String streamId;
  private final ReplayFilter filter;
  private final EventSink sink;
  private long cursor;
  private volatile boolean cancelled;

  LogReplay(StreamReads reads, String streamId, long after, ReplayFilter filter, EventSink sink) {
    this.reads = reads;
    this.streamId = streamId;
    this.cursor = after;
    this.filter = filter;
    this.sink = sink;
  }

  @Override
  public void run() {
    try {
      while (!cancelled) {
        List<BufferedEvent> rows = reads.logAfter(streamId, cursor, filter, BATCH);
        for (BufferedEvent e : rows) {
          if (!sink.send(e)) {
            return;
          }
          cursor = e.seq();
        }
        if (rows.size() < BATCH) {
          break;
        }
      }
      if (!cancelled) {
        sink.end(EventSink.EndReason.SESSION_TERMINAL);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Durable-log replay of stream " + streamId + " failed", e);
      sink.end(EventSink.EndReason.SESSION_TERMINAL);
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
  }
}
