package ai.koales.ksp.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Server-Sent Events client on {@code java.net.http}: parses events as a browser would. */
public final class SseClient implements AutoCloseable {

  /** One event: its id, name (null for the default) and data. */
  public record Event(String id, String name, String data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final HttpResponse<InputStream> response;
  private final Thread reader;
  private volatile boolean ended;
  private volatile int comments;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens the stream; {@code lastEventId} null for none. */
  public static SseClient open(Ksp ksp, String path, String token, String lastEventId) {
    HttpRequest.Builder r =
        ksp.request(path, token)
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofMinutes(5));
    if (lastEventId != null) {
      r.header("Last-Event-ID", lastEventId);
    }
    try {
      HttpResponse<InputStream> res =
          ksp.http().send(r.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      if (res.statusCode() != 200) {
        String body = new String(res.body().readAllBytes(), StandardCharsets.UTF_8);
        throw new AssertionError("SSE refused: HTTP " + res.statusCode() + " " + body);
      }
      return new SseClient(res);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String name = null;
      StringBuilder data = null;
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(id, name, data.toString()));
          }
          name = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments++;
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "id" -> id = value;
            case "event" -> name = value;
            case "data" -> {
              if (data == null) {
                data = new StringBuilder(value);
              } else {
                data.append('\n').append(value);
              }
            }
            default -> {}
          }
        }
      }
    } catch (IOException closed) {
      // the test closed the connection
    } finally {
      ended = true;
    }
  }

  public Event next(Duration timeout) {
    try {
      Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (e == null) {
        throw new AssertionError("No SSE event within " + timeout + (ended ? " (ended)" : ""));
      }
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Event poll(Duration timeout) {
    try {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Whether the server ended the response. */
  public boolean ended() {
    return ended;
  }

  public int comments() {
    return comments;
  }

  /** Disconnects, as a client that goes away. */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // already closed
    }
    reader.interrupt();
  }
}
