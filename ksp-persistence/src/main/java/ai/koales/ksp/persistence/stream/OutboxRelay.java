package ai.koales.ksp.persistence.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves committed outbox rows into their buffers (ARCHITECTURE.md "Events and streams"): right
 * after the recording transaction commits, on the relay's own threads so the recording request does
 * not wait and no subscriber's delivery holds it up; and periodically ({@link #drainStale}) for
 * rows whose hand-off was lost (a failure after commit, or a node that died), so nothing recorded
 * is lost. A rolled-back transaction fires nothing and leaves no row.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
  private static final int STREAMS_PER_RUN = 200;

  @Inject EventBuffers buffers;
  @Inject StreamExecutor executor;
  @Inject Clock clock;

  /** Streams with a drain queued and not yet started: one queued drain per stream is enough. */
  private final Set<String> queued = ConcurrentHashMap.newKeySet();

  void afterCommit(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) EventOutbox.OutboxWritten written) {
    String streamId = written.streamId();
    if (queued.add(streamId)) {
      executor.relay(
          () -> {
            queued.remove(streamId);
            drain(streamId);
          });
    }
  }

  /** Drains the streams whose outbox rows are older than {@code minAgeMillis}. */
  public int drainStale(long minAgeMillis) {
    int drained = 0;
    for (String streamId :
        buffers.streamsWithOutboxRows(clock.millis() - minAgeMillis, STREAMS_PER_RUN)) {
      drained += drain(streamId);
    }
    return drained;
  }

  private int drain(String streamId) {
    try {
      return buffers.drainOutbox(streamId);
    } catch (RuntimeException e) {
      // The rows stay in the outbox; the periodic drain retries them.
      LOG.log(Level.WARNING, "Outbox drain of stream " + streamId + " failed; will retry", e);
      return 0;
    }
  }
}
