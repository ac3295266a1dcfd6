package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest events of one stream on this node, read from the database once per wake-up and shared
 * by all of the stream's subscribers here, so that N subscribers cost one query per change instead
 * of N. Subscribers that are further behind than what is held read the database themselves.
 *
 * <p>Why this is gap-free: a seq is assigned under the buffer's row lock, which is held until
 * commit, so the rows of a stream become visible in seq order; a read of "seq &gt; n" therefore
 * returns a contiguous run n+1, n+2, ... and every hand-out is checked to continue the caller's
 * cursor exactly.
 */
final class StreamTail {

  private static final int CAPACITY = 4096;
  private static final int FETCH = 1000;

  final String streamId;
  final Set<StreamSubscription> subscriptions = ConcurrentHashMap.newKeySet();

  private final ConcurrentSkipListMap<Long, BufferedEvent> recent = new ConcurrentSkipListMap<>();
  private final AtomicLong changes = new AtomicLong(1);
  private long fetchedChanges;
  private volatile long fetchedTo;
  private volatile boolean gone;

  StreamTail(String streamId, long tipAtStart) {
    this.streamId = streamId;
    this.fetchedTo = tipAtStart;
  }

  /** The buffer this tail followed is gone; a new subscriber needs a new tail. */
  boolean isGone() {
    return gone;
  }

  /** Something happened to the stream (an append, an expiry, or a poll tick): read again. */
  void changed() {
    changes.incrementAndGet();
  }

  /**
   * Up to {@code max} events after {@code cursor}, continuing it without a gap; empty when there is
   * nothing new; null when the stream has no live buffer any more.
   */
  List<BufferedEvent> after(long cursor, int max, StreamReads reads) {
    if (!refresh(reads)) {
      return null;
    }
    if (cursor >= fetchedTo) {
      return List.of();
    }
    List<BufferedEvent> out = new ArrayList<>();
    long expected = cursor + 1;
    for (BufferedEvent e : recent.tailMap(cursor, false).values()) {
      if (e.seq() != expected || out.size() >= max) {
        break;
      }
      out.add(e);
      expected++;
    }
    if (!out.isEmpty()) {
      return out;
    }
    // Further behind than memory holds (a replay): read the database directly.
    List<BufferedEvent> rows = reads.bufferAfter(streamId, cursor, max);
    if (rows == null || (!rows.isEmpty() && rows.get(0).seq() != cursor + 1)) {
      // Gone, or expired and reopened: the events right after the cursor no longer exist.
      gone = true;
      return null;
    }
    return rows;
  }

  private synchronized boolean refresh(StreamReads reads) {
    long seen = changes.get();
    if (gone || seen == fetchedChanges) {
      return !gone;
    }
    List<BufferedEvent> rows = reads.bufferAfter(streamId, fetchedTo, FETCH);
    if (rows == null || (!rows.isEmpty() && rows.get(0).seq() != fetchedTo + 1)) {
      gone = true;
      return false;
    }
    for (BufferedEvent e : rows) {
      recent.put(e.seq(), e);
    }
    if (!rows.isEmpty()) {
      fetchedTo = rows.get(rows.size() - 1).seq();
    }
    while (recent.size() > CAPACITY) {
      recent.pollFirstEntry();
    }
    if (rows.size() < FETCH) {
      fetchedChanges = seen;
    }
    return true;
  }
}
