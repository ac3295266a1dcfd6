package ai.koales.ksp.web.stream;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A socket's sender never makes its caller wait, pauses a client that is behind, drops one that
 * stopped reading.
 */
class SocketSenderTest {

  /** A socket whose writes complete only when the test says so. */
  static final class FakeSocket {
    final List<String> sent = new ArrayList<>();
    final List<SendHandler> pending = new ArrayList<>();
    final List<CloseReason> closes = new ArrayList<>();
    int pings;
    boolean open = true;

    Session session() {
      RemoteEndpoint.Async async =
          (RemoteEndpoint.Async)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {RemoteEndpoint.Async.class},
                  (p, m, a) -> {
                    switch (m.getName()) {
                      case "sendText" -> {
                        sent.add((String) a[0]);
                        pending.add((SendHandler) a[1]);
                      }
                      case "sendPing" -> pings++;
                      default -> {}
                    }
                    return null;
                  });
      return (Session)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Session.class},
              (p, m, a) ->
                  switch (m.getName()) {
                    case "getAsyncRemote" -> async;
                    case "isOpen" -> open;
                    case "getId" -> "s1";
                    case "close" -> {
                      closes.add(a == null ? null : (CloseReason) a[0]);
                      open = false;
                      yield null;
                    }
                    default -> null;
                  });
    }

    void complete() {
      pending.remove(0).onResult(new SendResult());
    }
  }

  static final class MutableClock extends Clock {
    long millis = 1_000;

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  @Test
  void messagesLeaveOneAtATimeInOrderAndAFullQueuePausesUntilHalfIsSent() {
    FakeSocket socket = new FakeSocket();
    MutableClock clock = new MutableClock();
    SocketSender sender = new SocketSender(socket.session(), 4, 5_000, clock, Runnable::run);
    AtomicInteger resumed = new AtomicInteger();
    sender.onSpace(resumed::incrementAndGet);
    for (int i = 1; i <= 5; i++) {
      assertThat(sender.offer("m" + i)).isTrue();
    }
    assertThat(socket.sent).as("one message on its way at a time").containsExactly("m1");
    assertThat(sender.ready()).as("four wait behind the one on its way").isFalse();
    socket.complete();
    socket.complete();
    assertThat(socket.sent).containsExactly("m1", "m2", "m3");
    assertThat(resumed.get()).as("half the queue is free again").isEqualTo(1);
    assertThat(sender.ready()).isTrue();
    socket.complete();
    socket.complete();
    socket.complete();
    assertThat(socket.sent).containsExactly("m1", "m2", "m3", "m4", "m5");
    assertThat(sender.idle()).isTrue();
  }

  @Test
  void aClientThatStopsReadingIsDroppedAfterTheTimeoutAndNothingMoreIsQueued() {
    FakeSocket socket = new FakeSocket();
    MutableClock clock = new MutableClock();
    SocketSender sender = new SocketSender(socket.session(), 4, 5_000, clock, Runnable::run);
    sender.offer("m1");
    clock.millis += 4_999;
    assertThat(sender.dropIfStalled()).isFalse();
    clock.millis += 1;
    assertThat(sender.dropIfStalled()).isTrue();
    assertThat(socket.closes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getCloseCode()).isEqualTo(CloseReason.CloseCodes.VIOLATED_POLICY);
              assertThat(c.getReasonPhrase()).isEqualTo(SocketSender.SLOW_CONSUMER);
            });
    assertThat(sender.offer("m2")).isFalse();
    assertThat(sender.ready()).isFalse();
  }

  @Test
  void anIdleClientThatDoesNotAnswerAPingIsDroppedAndOneThatDoesIsKept() {
    FakeSocket socket = new FakeSocket();
    MutableClock clock = new MutableClock();
    SocketSender sender = new SocketSender(socket.session(), 4, 5_000, clock, Runnable::run);
    sender.ping();
    sender.ping();
    assertThat(socket.pings).as("one ping waits for its pong").isEqualTo(1);
    clock.millis += 3_000;
    sender.pong();
    clock.millis += 3_000;
    assertThat(sender.dropIfStalled()).isFalse();
    sender.ping();
    assertThat(socket.pings).isEqualTo(2);
    clock.millis += 5_000;
    assertThat(sender.dropIfStalled()).isTrue();
    assertThat(socket.closes).hasSize(1);
  }

  @Test
  void aCloseLeavesAfterWhatWasQueuedBeforeIt() {
    FakeSocket socket = new FakeSocket();
    SocketSender sender =
        new SocketSender(socket.session(), 4, 5_000, new MutableClock(), Runnable::run);
    sender.offer("last event");
    sender.closeAfterSent(
        new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "SESSION_TERMINAL"));
    assertThat(socket.closes).isEmpty();
    assertThat(sender.offer("too late")).isFalse();
    socket.complete();
    assertThat(socket.closes)
        .singleElement()
        .satisfies(c -> assertThat(c.getReasonPhrase()).isEqualTo("SESSION_TERMINAL"));
    assertThat(socket.sent).containsExactly("last event");
  }
}
