package ai.koales.ksp.web.stream;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one WebSocket's messages without ever making the caller wait for the client: messages are
 * queued (in order) and written asynchronously one at a time. The queue is bounded: when it holds
 * {@code capacity} messages the socket is not {@link #ready} and its subscriptions pause; when it
 * is down to half, {@code onSpace} resumes them. A client whose message has not left within {@code
 * timeout}, or that has not answered a ping within it (its last messages may all sit in the
 * server's network buffers), has stopped reading: {@link #dropIfStalled} closes it (1008 {@code
 * SLOW_CONSUMER}); it resumes from its last seq when it reconnects.
 */
public final class SocketSender {

  /** The close reason of a client dropped for not reading. */
  public static final String SLOW_CONSUMER = "SLOW_CONSUMER";

  private static final Logger LOG = Logger.getLogger(SocketSender.class.getName());

  private final Session session;
  private final int capacity;
  private final long timeoutMillis;
  private final Clock clock;
  private final Executor closer;
  private final Deque<Object> queue = new ArrayDeque<>();
  private volatile Runnable onSpace = () -> {};
  private boolean sending;
  private long sendingSince;
  private boolean closed;
  private boolean waitingForSpace;
  private long pingSentAt;

  /** A close to send once everything queued before it has left. */
  private record Close(CloseReason reason) {}

  /** A WebSocket ping frame (sent only when nothing else is on its way). */
  private record Ping() {}

  public SocketSender(
      Session session, int capacity, long timeoutMillis, Clock clock, Executor closer) {
    this.session = session;
    this.capacity = Math.max(1, capacity);
    this.timeoutMillis = timeoutMillis;
    this.clock = clock;
    this.closer = closer;
  }

  /** What to run when a full queue has room again (resume the socket's subscriptions). */
  public void onSpace(Runnable r) {
    onSpace = r == null ? () -> {} : r;
  }

  /** Whether another message may be queued now. */
  public synchronized boolean ready() {
    boolean ready = !closed && queue.size() < capacity;
    if (!ready) {
      waitingForSpace = true;
    }
    return ready;
  }

  /** Queues a text message; false once the socket is closed or closing. */
  public boolean offer(String text) {
    return enqueue(text);
  }

  /** Whether nothing is queued or on its way. */
  public synchronized boolean idle() {
    return !sending && queue.isEmpty();
  }

  /**
   * Sends a ping frame when nothing is on its way (a message in flight is its own test) and no
   * earlier ping waits for its pong.
   */
  public synchronized void ping() {
    if (!closed && !sending && queue.isEmpty() && pingSentAt == 0) {
      pingSentAt = clock.millis();
      enqueue(new Ping());
    }
  }

  /** The client answered a ping: it reads. */
  public synchronized void pong() {
    pingSentAt = 0;
  }

  /** Closes the socket after what is queued has been sent. */
  public void closeAfterSent(CloseReason reason) {
    enqueue(new Close(reason));
  }

  /**
   * Closes the socket if a message has been on its way longer than the timeout (the client stopped
   * reading); true when it did.
   */
  public boolean dropIfStalled() {
    synchronized (this) {
      long now = clock.millis();
      boolean stuck = sending && now - sendingSince >= timeoutMillis;
      boolean deaf = pingSentAt != 0 && now - pingSentAt >= timeoutMillis;
      if (closed || !(stuck || deaf)) {
        return false;
      }
      closed = true;
      queue.clear();
    }
    LOG.info(
        () ->
            "WebSocket "
                + session.getId()
                + " dropped: a message waited more than "
                + timeoutMillis
                + " ms for the client to read it, or to answer a ping");
    // The close frame waits behind the stuck message too: close on another thread.
    closer.execute(
        () -> closeNow(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, SLOW_CONSUMER)));
    return true;
  }

  private boolean enqueue(Object message) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (message instanceof Close) {
        closed = true;
      }
      queue.addLast(message);
      if (sending) {
        return true;
      }
      sending = true;
      sendingSince = clock.millis();
    }
    next();
    return true;
  }

  /** Starts the next queued message (the caller has set {@code sending}). */
  private void next() {
    Object m;
    boolean resume = false;
    synchronized (this) {
      m = queue.pollFirst();
      if (m == null) {
        sending = false;
        return;
      }
      sendingSince = clock.millis();
      if (waitingForSpace && queue.size() <= capacity / 2) {
        waitingForSpace = false;
        resume = true;
      }
    }
    if (resume) {
      onSpace.run();
    }
    try {
      if (m instanceof String text) {
        session.getAsyncRemote().sendText(text, this::sent);
      } else if (m instanceof Ping) {
        session.getAsyncRemote().sendPing(ByteBuffer.wrap(new byte[] {'k', 's', 'p'}));
        next();
      } else if (m instanceof Close c) {
        closeNow(c.reason());
        synchronized (this) {
          sending = false;
        }
      }
    } catch (IOException | RuntimeException e) {
      gone(e);
    }
  }

  private void sent(SendResult result) {
    if (result.isOK()) {
      next();
    } else {
      gone(result.getException());
    }
  }

  private void gone(Throwable e) {
    synchronized (this) {
      closed = true;
      sending = false;
      queue.clear();
    }
    LOG.log(Level.FINE, "WebSocket " + session.getId() + " client gone", e);
    closeNow(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "send failed"));
  }

  private void closeNow(CloseReason reason) {
    try {
      if (session.isOpen()) {
        session.close(reason);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "WebSocket close failed", e);
    }
  }
}
