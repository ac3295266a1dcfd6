package ai.koales.ksp.web.gateway;

import ai.koales.ksp.domain.gateway.StreamMode;
import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.persistence.stream.EventSink;
import ai.koales.ksp.persistence.stream.Subscription;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.io.OutputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One server-streaming answer (edges.md §2.1): a {@code SessionEvent} per enveloped 0x00 frame, in
 * seq order, for the events the stream mode admits; then one 0x02 end-of-stream frame, {@code {}}
 * after the terminal event, else the error; then the response completes. The HTTP status is 200
 * from the first byte on; a failure after that is only ever an end-of-stream error. Frames are
 * written under this object's lock, so the delivery thread and the timeout never interleave.
 *
 * <p>HTTP/1.1 Connect has no keep-alive frame: an idle stream sends nothing, and a client that went
 * away is noticed at the next write (its subscription is then cancelled).
 */
final class ConnectStream implements EventSink, AsyncListener {

  private static final Logger LOG = Logger.getLogger(ConnectStream.class.getName());

  private final AsyncContext async;
  private final OutputStream out;
  private final ConnectCodec.Format format;
  private final StreamMode mode;
  private final SessionEvents events;
  private volatile Subscription subscription;
  private volatile long lastSeq;
  private boolean closed;

  ConnectStream(
      AsyncContext async,
      OutputStream out,
      ConnectCodec.Format format,
      StreamMode mode,
      SessionEvents events,
      long after) {
    this.async = async;
    this.out = out;
    this.format = format;
    this.mode = mode;
    this.events = events;
    this.lastSeq = after;
    async.addListener(this);
  }

  void attach(Subscription s) {
    subscription = s;
    boolean ended;
    synchronized (this) {
      ended = closed;
    }
    if (ended) {
      s.cancel();
    }
  }

  @Override
  public synchronized boolean send(BufferedEvent event) {
    if (closed) {
      return false;
    }
    lastSeq = event.seq();
    if (!mode.admits(event.kind())) {
      return true;
    }
    return write(
        ConnectCodec.frame(ConnectCodec.MESSAGE, ConnectCodec.encode(events.of(event), format)));
  }

  @Override
  public void end(EndReason reason) {
    if (reason == EndReason.SESSION_TERMINAL) {
      finish(null, null);
    } else {
      finish(
          ConnectCode.UNAVAILABLE,
          "the session's live buffer expired before its terminal event; call"
              + " weops.factory.v1.FactoryGateway/ResumeStream with from_sequence="
              + lastSeq);
    }
  }

  @Override
  public void keepAlive() {
    // Nothing to send: see the class comment.
  }

  /** Ends the stream: {@code {}} when {@code code} is null, else the error. */
  synchronized void finish(ConnectCode code, String message) {
    if (closed) {
      return;
    }
    write(ConnectCodec.frame(ConnectCodec.END_STREAM, ConnectCodec.endStream(code, message)));
    close();
  }

  private boolean write(byte[] frame) {
    try {
      out.write(frame);
      out.flush();
      return true;
    } catch (IOException | RuntimeException clientGone) {
      LOG.log(Level.FINE, "Connect stream client gone", clientGone);
      close();
      return false;
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      async.complete();
    } catch (RuntimeException alreadyCompleted) {
      // the container ended the request first
    }
  }

  private void cancelSubscription() {
    Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    cancelSubscription();
    finish(ConnectCode.DEADLINE_EXCEEDED, "the Connect-Timeout-Ms deadline passed");
  }

  @Override
  public void onError(AsyncEvent event) {
    cancelSubscription();
    synchronized (this) {
      close();
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    cancelSubscription();
    synchronized (this) {
      closed = true;
    }
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // not restarted
  }
}
