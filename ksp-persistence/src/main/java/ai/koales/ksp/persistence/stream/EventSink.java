package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;

/**
 * Where a live subscription delivers: a WebSocket, an SSE connection, a GraphQL subscription. The
 * methods are called by one thread at a time per subscription, in seq order.
 */
public interface EventSink {

  /**
   * Sends one event, without waiting for the receiver; false when the receiver is gone, which ends
   * the subscription quietly.
   */
  boolean send(BufferedEvent event);

  /**
   * Whether the sink takes another event now. When it does not (the receiver is behind), the
   * subscription stops where it is, without losing anything: it goes on from the same seq when the
   * sink calls {@link Subscription#resume}, or at the next poll tick. A sink whose receiver stopped
   * reading altogether disconnects it ({@code ksp.stream.send-timeout}).
   */
  default boolean ready() {
    return true;
  }

  /** The subscription is over: its stream ended, or its buffer expired. Nothing follows. */
  void end(EndReason reason);

  /** Nothing was sent for a while ({@code ksp.stream.keep-alive}): keep the connection open. */
  void keepAlive();

  /** Why a subscription ended, in the words of edges.md §4.3 and §4.5. */
  enum EndReason {
    /** The stream's terminal event was delivered. */
    SESSION_TERMINAL,
    /** The sweeper deleted the buffer. */
    REPLAY_WINDOW_EXPIRED
  }
}
