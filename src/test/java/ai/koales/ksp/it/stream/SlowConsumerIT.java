package ai.koales.ksp.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.GraphQl;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.Streams;
import ai.koales.ksp.it.support.SystemTest;
import ai.koales.ksp.it.support.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must not stop anyone else's events (issue acceptance point 3): more
 * clients than the server has delivery threads open WebSockets (stream and GraphQL) and never read
 * while megabytes are appended to their stream; another subscriber of that stream and one of
 * another stream still receive every event, and the server drops the stalled sockets.
 */
@SystemTest
class SlowConsumerIT {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final int STALLED = 10;
  static final int BIG_EVENTS = 120;

  /** A WebSocket client that upgrades and then never reads a byte. */
  static final class Stalled implements AutoCloseable {
    final Socket socket;

    Stalled(Ksp ksp, String pathAndQuery, String subprotocol) throws IOException {
      URI base = ksp.base();
      socket = new Socket();
      // A small window: the server's sends stall as soon as its own buffer is full.
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      String key = Base64.getEncoder().encodeToString("slow-consumer-key".getBytes());
      String request =
          "GET "
              + pathAndQuery
              + " HTTP/1.1\r\nHost: "
              + base.getHost()
              + ":"
              + base.getPort()
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
              + key
              + "\r\nSec-WebSocket-Version: 13\r\n"
              + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
              + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Reads the 101 answer's head only.
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed during the upgrade: " + head);
        }
        head.append((char) b);
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 101");
    }

    /** Sends one masked text frame (a client's frames must be masked). */
    void sendText(String text) throws IOException {
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      byte[] mask = {1, 2, 3, 4};
      OutputStream out = socket.getOutputStream();
      out.write(0x81);
      if (payload.length < 126) {
        out.write(0x80 | payload.length);
      } else {
        out.write(0x80 | 126);
        out.write(payload.length >> 8);
        out.write(payload.length & 0xff);
      }
      out.write(mask);
      for (int i = 0; i < payload.length; i++) {
        out.write(payload[i] ^ mask[i % 4]);
      }
      out.flush();
    }

    /** Reads (and drops) what the server sent until it closed the connection. */
    boolean closedByServer(Duration within) throws IOException {
      socket.setSoTimeout((int) within.toMillis());
      byte[] buf = new byte[65536];
      try {
        InputStream in = socket.getInputStream();
        while (in.read(buf) >= 0) {
          // discard
        }
        return true;
      } catch (SocketTimeoutException stillOpen) {
        return false;
      } catch (IOException reset) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static String big(int i) {
    return "x".repeat(200_000) + i;
  }

  @Test
  void clientsThatNeverReadStopNobodyElsesEventsAndAreDropped(Ksp ksp) throws Exception {
    Streams streams = new Streams(ksp);
    String busy = Streams.newStreamId("busy");
    String other = Streams.newStreamId("other");
    streams.session(busy, "SESSION_SUBMITTED");
    streams.session(other, "SESSION_SUBMITTED");
    String viewer = ksp.token(Ksp.VIEWER, "x");

    List<Stalled> stalled = new ArrayList<>();
    try (WsClient reader =
            WsClient.open(ksp.wsUri("/ws/streams/" + busy + "?access_token=" + viewer), null);
        WsClient bystander =
            WsClient.open(ksp.wsUri("/ws/streams/" + other + "?access_token=" + viewer), null)) {
      assertThat(seq(reader.next(WAIT))).isEqualTo(1);
      assertThat(seq(bystander.next(WAIT))).isEqualTo(1);
      for (int i = 0; i < STALLED; i++) {
        if (i % 2 == 0) {
          stalled.add(new Stalled(ksp, "/ws/streams/" + busy + "?access_token=" + viewer, null));
        } else {
          Stalled g = new Stalled(ksp, "/graphql", GraphQl.SUBPROTOCOL);
          g.sendText(
              "{\"type\":\"connection_init\",\"payload\":{\"authorization\":\"Bearer "
                  + viewer
                  + "\"}}");
          g.sendText(
              GraphQl.subscribe(
                      "s", "subscription { sessionEvents(sessionId: \"" + busy + "\") }", null)
                  .toString());
          stalled.add(g);
        }
      }
      for (int i = 0; i < BIG_EVENTS; i++) {
        streams.append(
            busy,
            Json.createObjectBuilder()
                .add("stream", "sessionEvents")
                .add("kind", "COMPILATION_STARTED")
                .add("payload", Json.createObjectBuilder().add("blob", big(i)))
                .add("occurredAt", System.currentTimeMillis())
                .build());
      }
      long tip = streams.session(other, "COMPILATION_STARTED");
      assertThat(seq(bystander.next(WAIT)))
          .as("another stream's subscriber gets its event while the stalled sockets wait")
          .isEqualTo(tip);
      for (long expected = 2; expected <= BIG_EVENTS + 1; expected++) {
        assertThat(seq(reader.next(WAIT)))
            .as("a reading subscriber of the busy stream gets every event")
            .isEqualTo(expected);
      }
      for (Stalled s : stalled) {
        assertThat(s.closedByServer(WAIT))
            .as("the server drops a client that never reads")
            .isTrue();
      }
    } finally {
      for (Stalled s : stalled) {
        s.close();
      }
    }
  }

  static long seq(String json) {
    JsonObject o = Json.createReader(new StringReader(json)).readObject();
    return o.getJsonNumber("seq").longValue();
  }
}
