package ai.koales.ksp.web.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.persistence.stream.EventSink;
import ai.koales.ksp.persistence.stream.Subscription;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers a subscription to one Server-Sent Events connection: {@code id: <seq>} and the event's
 * JSON per event, comments as keep-alive, a final {@code end} event, then close.
 */
final class SseDelivery implements EventSink {

  private static final Logger LOG = Logger.getLogger(SseDelivery.class.getName());
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final SseEventSink sink;
  private final Sse sse;
  private volatile Subscription subscription;

  SseDelivery(SseEventSink sink, Sse sse) {
    this.sink = sink;
    this.sse = sse;
  }

  void attach(Subscription s) {
    subscription = s;
    if (sink.isClosed()) {
      s.cancel();
    }
  }

  @Override
  public boolean send(BufferedEvent event) {
    return write(
        sse.newEventBuilder()
            .id(Long.toString(event.seq()))
            .mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(String.class, StreamJson.event(event))
            .build());
  }

  @Override
  public void end(EndReason reason) {
    write(
        sse.newEventBuilder()
            .name("end")
            .mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(String.class, StreamJson.end(reason.name()))
            .build());
    close();
  }

  @Override
  public void keepAlive() {
    if (!write(sse.newEventBuilder().comment("keep-alive").build())) {
      Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }

  private boolean write(jakarta.ws.rs.sse.OutboundSseEvent event) {
    if (sink.isClosed()) {
      return false;
    }
    try {
      sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      return false;
    } catch (Exception clientGone) {
      LOG.log(Level.FINE, "SSE client gone", clientGone);
      close();
      return false;
    }
  }

  private void close() {
    try {
      sink.close();
    } catch (RuntimeException ignored) {
      // already closed by the client
    }
  }
}
