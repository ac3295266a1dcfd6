package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;

/**
 * Where a live subscription delivers: a WebSocket, an SSE connection, a GraphQL subscription. The
 * methods are called by one thread at a time per subscription, in seq order.
 */
public interface EventSink {

  /** Sends one event; false when the receiver is gone, which ends the subscription quietly. */
  boolean send(BufferedEvent event);

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
