package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.EventStream;
import ai.koales.ksp.domain.stream.ReplayFilter;
import ai.koales.ksp.domain.stream.ReplayUnavailableException;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.domain.stream.UnknownStreamException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Live delivery on this node: the registry of subscriptions (WebSocket, SSE, GraphQL) and their
 * wake-ups. An append wakes its stream's subscribers after commit; subscribers then read by seq
 * from the database, so a missed wake-up delays an event but never loses it: the poll tick ({@code
 * ksp.stream.poll-interval}) wakes every subscriber here, which is also how events appended on
 * another node arrive.
 */
@ApplicationScoped
public class LiveStreams {

  @Inject StreamReads reads;
  @Inject StreamExecutor executor;
  @Inject StreamSettings settings;
  @Inject Clock clock;

  private final ConcurrentMap<String, StreamTail> tails = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Set<ScopedSubscription>> byRun = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Set<ScopedSubscription>> byAssembly =
      new ConcurrentHashMap<>();

  /**
   * Subscribes to one session's stream after {@code after}: the events in {@code (after, tip]},
   * then live ones, in seq order. Refuses before anything is sent: {@code org-forbidden}, {@code
   * stream-not-found}, REPLAY_UNAVAILABLE when the unfinished session's buffer is gone. A session
   * that ended and expired is served from the durable log, then ended.
   */
  public Subscription subscribe(
      String streamId, long after, ReplayFilter filter, StreamReader reader, EventSink sink) {
    StreamLocation where = reads.locate(streamId);
    reader.requireAccess(streamId, where.orgId());
    if (!where.holdsAfter(after)) {
      throw new ReplayUnavailableException(streamId, after);
    }
    switch (where.state()) {
      case UNKNOWN:
        throw new UnknownStreamException(streamId);
      case EXPIRED:
        throw new ReplayUnavailableException(streamId, after);
      case ENDED:
        LogReplay replay = new LogReplay(reads, executor, streamId, after, filter, sink);
        replay.start();
        return replay;
      default:
        StreamSubscription[] created = new StreamSubscription[1];
        StreamTail[] replaced = new StreamTail[1];
        tails.compute(
            streamId,
            (id, tail) -> {
              StreamTail t = tail;
              if (t == null || t.isGone()) {
                replaced[0] = t;
                t = new StreamTail(id, where.tipSeq());
              }
              created[0] = new StreamSubscription(this, t, after, filter, sink, now());
              t.subscriptions.add(created[0]);
              return t;
            });
        if (replaced[0] != null) {
          // Subscribers of the expired buffer learn it on their next drain.
          replaced[0].subscriptions.forEach(StreamSubscription::wake);
        }
        created[0].wake();
        return created[0];
    }
  }

  /**
   * Subscribes to {@code stream} events of every session whose rows carry the run ({@code byRun})
   * or assembly {@code scopeId} and that {@code reader} may read, after per-session cursors ({@code
   * cursors}, else {@code defaultCursor}).
   */
  public Subscription subscribeScope(
      EventStream stream,
      boolean byRun,
      String scopeId,
      Map<String, Long> cursors,
      long defaultCursor,
      StreamReader reader,
      EventSink sink) {
    ScopedSubscription s =
        new ScopedSubscription(
            this, stream, byRun, scopeId, cursors, defaultCursor, reader, sink, now());
    (byRun ? this.byRun : byAssembly)
        .computeIfAbsent(scopeId, k -> ConcurrentHashMap.newKeySet())
        .add(s);
    s.wake();
    return s;
  }

  void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) StreamAppended appended) {
    StreamTail tail = tails.get(appended.streamId());
    if (tail != null) {
      tail.changed();
      tail.subscriptions.forEach(StreamSubscription::wake);
    }
    appended.runIds().forEach(run -> wakeScope(byRun, run));
    appended.assemblyIds().forEach(assembly -> wakeScope(byAssembly, assembly));
  }

  void onExpired(@Observes(during = TransactionPhase.AFTER_SUCCESS) BufferExpired expired) {
    StreamTail tail = tails.get(expired.streamId());
    if (tail != null) {
      tail.changed();
      tail.subscriptions.forEach(StreamSubscription::wake);
    }
  }

  /**
   * The node's periodic catch-up: every subscriber here re-reads (appends on other nodes, missed
   * wake-ups, expiries swept elsewhere) and idle connections get a keep-alive.
   */
  public void tick() {
    long now = now();
    long keepAlive = settings.keepAlive().toMillis();
    for (StreamTail tail : tails.values()) {
      tail.changed();
      for (StreamSubscription s : tail.subscriptions) {
        s.wake();
        s.pingIfIdle(now, keepAlive);
      }
    }
    for (Map<String, Set<ScopedSubscription>> index : java.util.List.of(byRun, byAssembly)) {
      for (Set<ScopedSubscription> subs : index.values()) {
        for (ScopedSubscription s : subs) {
          s.wake();
          s.pingIfIdle(now, keepAlive);
        }
      }
    }
  }

  /** How many subscriptions this node serves (operations, tests). */
  public int subscriberCount() {
    int n = 0;
    for (StreamTail t : tails.values()) {
      n += t.subscriptions.size();
    }
    for (Set<ScopedSubscription> s : byRun.values()) {
      n += s.size();
    }
    for (Set<ScopedSubscription> s : byAssembly.values()) {
      n += s.size();
    }
    return n;
  }

  void remove(StreamSubscription s) {
    s.tail.subscriptions.remove(s);
    tails.computeIfPresent(
        s.tail.streamId,
        (id, tail) -> {
          tail.subscriptions.remove(s);
          return tail.subscriptions.isEmpty() ? null : tail;
        });
  }

  void remove(ScopedSubscription s) {
    (s.byRun ? byRun : byAssembly)
        .computeIfPresent(
            s.scopeId,
            (id, subs) -> {
              subs.remove(s);
              return subs.isEmpty() ? null : subs;
            });
  }

  private static void wakeScope(Map<String, Set<ScopedSubscription>> index, String scopeId) {
    Set<ScopedSubscription> subs = index.get(scopeId);
    if (subs != null) {
      subs.forEach(ScopedSubscription::wake);
    }
  }

  StreamReads reads() {
    return reads;
  }

  StreamExecutor executor() {
    return executor;
  }

  long now() {
    return clock.millis();
  }
}
