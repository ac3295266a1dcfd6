package ai.koales.ksp.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client on {@code java.net.http}: collects text messages and the close code, so tests
 * can read what a real client would.
 */
public final class WsClient implements AutoCloseable {

  /** The close frame the server sent. */
  public record Close(int code, String reason) {}

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Close> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile int pings;
  private WebSocket socket;

  private WsClient() {}

  /** Opens {@code uri} (ws://...) with an optional subprotocol; fails if the upgrade is refused. */
  public static WsClient open(URI uri, String subprotocol) {
    WsClient c = new WsClient();
    WebSocket.Builder b =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (subprotocol != null) {
      b.subprotocols(subprotocol);
    }
    try {
      c.socket = b.buildAsync(uri, c.listener()).get(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("WebSocket upgrade of " + uri + " failed", e);
    }
    return c;
  }

  /** The HTTP status of a refused upgrade, or -1 if the upgrade succeeded (then it is closed). */
  public static int refusedStatus(URI uri) {
    try {
      WebSocket ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(uri, new WebSocket.Listener() {})
              .join();
      ws.abort();
      return -1;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }

  /** The body of a refused upgrade. */
  public static String refusedBody(URI uri) {
    try {
      HttpClient.newHttpClient()
          .newWebSocketBuilder()
          .buildAsync(uri, new WebSocket.Listener() {})
          .join()
          .abort();
      return null;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        Object body = h.getResponse().body();
        return body == null ? null : body.toString();
      }
      throw e;
    }
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          messages.add(partial.toString());
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        pings++;
        return WebSocket.Listener.super.onPing(ws, message);
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        closed.complete(new Close(code, reason));
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        closed.complete(new Close(-1, String.valueOf(error)));
      }
    };
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  public void send(JsonObject json) {
    send(json.toString());
  }

  /** The next text message, failing after {@code timeout}. */
  public String next(Duration timeout) {
    try {
      String m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) {
        throw new AssertionError(
            "No message within " + timeout + (closed.isDone() ? "; closed " + closed.join() : ""));
      }
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonObject nextJson(Duration timeout) {
    return Json.createReader(new StringReader(next(timeout))).readObject();
  }

  /** A message if one arrives within {@code timeout}, else null. */
  public String poll(Duration timeout) {
    try {
      return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Everything received and not yet read. */
  public List<String> drained() {
    List<String> out = new ArrayList<>();
    messages.drainTo(out);
    return out;
  }

  public int pings() {
    return pings;
  }

  /** The server's close frame, waiting up to {@code timeout}. */
  public Close awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("Not closed within " + timeout, e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Closes from the client side (a client that goes away). */
  @Override
  public void close() {
    if (socket != null && !socket.isOutputClosed()) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        socket.abort();
      }
    }
  }

  /** Drops the connection without a close handshake. */
  public void abort() {
    socket.abort();
  }
}
