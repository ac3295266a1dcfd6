package ai.koales.ksp.persistence.gateway;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.ReplayFilter;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.persistence.stream.EventSink;
import ai.koales.ksp.persistence.stream.LiveStreams;
import ai.koales.ksp.persistence.stream.StreamReads;
import ai.koales.ksp.persistence.stream.Subscription;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A follower whose cursor lies before what the live buffer holds (its buffer expired, or expired
 * and was opened again): the events after the cursor come from the durable session log first
 * (edges.md §2.1 ResumeStream, §4.5, §8 Q8), up to the log's end; from there the live subscription
 * takes over ({@link LiveStreams}), which continues the same cursor, so nothing is lost or sent
 * twice at the seam. A terminal event in the log ends it.
 */
final class DurableFirstFollow implements Subscription, Runnable {

  private static final Logger LOG = Logger.getLogger(DurableFirstFollow.class.getName());
  private static final int BATCH = 500;

  private final StreamReads reads;
  private final LiveStreams live;
  private final String streamId;
  private final ReplayFilter filter;
  private final StreamReader reader;
  private final EventSink sink;
  private long cursor;
  private volatile boolean cancelled;
  private volatile Subscription following;

  DurableFirstFollow(
      StreamReads reads,
      LiveStreams live,
      String streamId,
      long after,
      ReplayFilter filter,
      StreamReader reader,
      EventSink sink) {
    this.reads = reads;
    this.live = live;
    this.streamId = streamId;
    this.cursor = after;
    this.filter = filter;
    this.reader = reader;
    this.sink = sink;
  }

  @Override
  public void run() {
    try {
      while (!cancelled) {
        // Every stream's rows advance the cursor; only the followed ones are sent.
        List<BufferedEvent> rows = reads.logAfter(streamId, cursor, null, BATCH);
        for (BufferedEvent e : rows) {
          if (cancelled) {
            return;
          }
          if (filter.matches(e) && !sink.send(e)) {
            cancelled = true;
            return;
          }
          cursor = e.seq();
          if (e.terminal()) {
            sink.end(EventSink.EndReason.SESSION_TERMINAL);
            return;
          }
        }
        if (rows.size() < BATCH) {
          break;
        }
      }
      if (cancelled) {
        return;
      }
      Subscription s = live.subscribe(streamId, cursor, filter, reader, sink);
      following = s;
      if (cancelled) {
        s.cancel();
      }
    } catch (RuntimeException e) {
      // The buffer expired again meanwhile, or the database failed: the client resumes from the
      // last seq it got.
      LOG.log(Level.FINE, "Following stream " + streamId + " after seq " + cursor + " ended", e);
      if (!cancelled) {
        sink.end(EventSink.EndReason.REPLAY_WINDOW_EXPIRED);
      }
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    Subscription s = following;
    if (s != null) {
      s.cancel();
    }
  }
}
