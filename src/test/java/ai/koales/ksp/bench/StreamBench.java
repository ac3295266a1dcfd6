package ai.koales.ksp.bench;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.Streams;
import ai.koales.ksp.it.support.SystemTest;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Stream benchmarks against a real server (bench profile): append throughput to one session and to
 * 100 sessions, commit-to-client latency with 200 WebSocket subscribers, and the replay of 10,000
 * events, each next to a baseline measured in the same run. Prints a Markdown table and writes it
 * to {@code ${ksp.bench.out}/stream.md}. Figures only: no timing is asserted.
 */
@SystemTest
class StreamBench {

  static final int PRODUCERS = 16;
  static final int APPENDS = 3000;
  static final int SUBSCRIBERS = 200;
  static final int LIVE_EVENTS = 100;
  static final int REPLAY_EVENTS = 10_000;
  static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  static final Pattern APPENDED_AT = Pattern.compile("\"appendedAt\":(\\d+)");

  record Row(String measure, String value, String baseline, String target) {}

  @Test
  void streamFigures(Ksp ksp) throws Exception {
    Streams streams = new Streams(ksp);
    String viewer = ksp.token(Ksp.VIEWER, "bench");
    warmUp(ksp, streams, viewer);
    List<Row> rows = new ArrayList<>();

    double floor = requestsPerSecond(() -> ksp.get("/api/v1/me", viewer));
    String one = Streams.newStreamId("bench-one");
    double oneSession = requestsPerSecond(() -> streams.append(one, event()));
    AtomicInteger next = new AtomicInteger();
    List<String> hundred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add(Streams.newStreamId("bench-many"));
    }
    double manySessions =
        requestsPerSecond(() -> streams.append(hundred.get(next.getAndIncrement() % 100), event()));
    String baseline =
        String.format(Locale.ROOT, "%.0f req/s (GET /api/v1/me, same clients)", floor);
    rows.add(
        new Row(
            "Append throughput, 1 session (" + PRODUCERS + " producers)",
            String.format(Locale.ROOT, "%.0f events/s", oneSession),
            baseline,
            "-"));
    rows.add(
        new Row(
            "Append throughput, 100 sessions (" + PRODUCERS + " producers)",
            String.format(Locale.ROOT, "%.0f events/s", manySessions),
            baseline,
            "-"));

    for (int perSecond : new int[] {5, 20}) {
      long[] single = liveLatency(ksp, streams, viewer, 1, LIVE_EVENTS, perSecond);
      long[] fanOut = liveLatency(ksp, streams, viewer, SUBSCRIBERS, LIVE_EVENTS, perSecond);
      rows.add(
          new Row(
              "Commit → WebSocket client, "
                  + SUBSCRIBERS
                  + " subscribers, "
                  + perSecond
                  + " events/s ("
                  + perSecond * SUBSCRIBERS
                  + " deliveries/s), p50 / p99",
              fanOut[0] + " ms / " + fanOut[1] + " ms (" + fanOut[2] + " deliveries)",
              single[0] + " ms / " + single[1] + " ms (1 subscriber)",
              "p99 < 100 ms"));
    }

    String big = Streams.newStreamId("bench-replay");
    fill(streams, big, REPLAY_EVENTS);
    String small = Streams.newStreamId("bench-replay-small");
    fill(streams, small, 100);
    long replayBig = medianMillis(() -> replay(ksp, viewer, big, REPLAY_EVENTS), 5);
    long replaySmall = medianMillis(() -> replay(ksp, viewer, small, 100), 5);
    rows.add(
        new Row(
            "Replay of 10,000 events (GET …/replay?after=0&limit=10000, median of 5)",
            replayBig + " ms",
            replaySmall + " ms (100 events)",
            "< 500 ms"));

    String table = table(ksp, rows);
    System.out.println(table);
    Path out = Path.of(System.getProperty("ksp.bench.out", "target/bench"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("stream.md"), table);
  }

  static jakarta.json.JsonObject event() {
    return Streams.sessionEvent("BEAD_CLAIMED").build();
  }

  static void warmUp(Ksp ksp, Streams streams, String viewer) throws Exception {
    String s = Streams.newStreamId("bench-warm");
    for (int i = 0; i < 300; i++) {
      streams.append(s, event());
      ksp.get("/api/v1/me", viewer);
    }
    replay(ksp, viewer, s, 300);
  }

  /**
   * Requests per second of {@code call}, {@link #APPENDS} times from {@link #PRODUCERS} threads.
   */
  static double requestsPerSecond(java.util.function.Supplier<HttpResult> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
    try {
      AtomicInteger left = new AtomicInteger(APPENDS);
      List<Future<?>> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < PRODUCERS; t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (left.getAndDecrement() > 0) {
                    HttpResult r = call.get();
                    if (r.status() >= 300) {
                      throw new AssertionError(r.toString());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
      return APPENDS / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * p50, p99 (ms) and count of commit-to-receive latencies: the server stamps appendedAt inside the
   * append transaction just before commit; the client stamps receipt in its listener (same host
   * clock). Events are appended one by one, {@code perSecond} a second.
   */
  static long[] liveLatency(
      Ksp ksp, Streams streams, String viewer, int subscribers, int events, int perSecond)
      throws Exception {
    String s = Streams.newStreamId("bench-live");
    streams.session(s, "SESSION_SUBMITTED");
    HttpClient http = HttpClient.newHttpClient();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    CountDownLatch all = new CountDownLatch(subscribers * (events + 1));
    List<WebSocket> sockets = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(subscribers);
    for (int i = 0; i < subscribers; i++) {
      WebSocket.Listener listener =
          new WebSocket.Listener() {
            final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              long now = System.currentTimeMillis();
              partial.append(data);
              if (last) {
                String m = partial.toString();
                partial.setLength(0);
                Matcher seq = SEQ.matcher(m);
                Matcher at = APPENDED_AT.matcher(m);
                if (seq.find() && at.find()) {
                  if (Long.parseLong(seq.group(1)) == 1) {
                    ready.countDown();
                  } else {
                    latencies.add(now - Long.parseLong(at.group(1)));
                  }
                  all.countDown();
                }
              }
              ws.request(1);
              return null;
            }
          };
      sockets.add(
          http.newWebSocketBuilder()
              .buildAsync(ksp.wsUri("/ws/streams/" + s + "?access_token=" + viewer), listener)
              .get(30, TimeUnit.SECONDS));
    }
    if (!ready.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("subscribers did not all receive the first event");
    }
    for (int i = 0; i < events; i++) {
      streams.session(s, "BEAD_RELEASED");
      Thread.sleep(1000 / perSecond);
    }
    if (!all.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("missing deliveries: " + all.getCount());
    }
    for (WebSocket ws : sockets) {
      ws.abort();
    }
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new long[] {percentile(sorted, 50), percentile(sorted, 99), sorted.size()};
  }

  static long percentile(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  static void fill(Streams streams, String stream, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
    try {
      AtomicInteger left = new AtomicInteger(n);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < PRODUCERS; t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (left.getAndDecrement() > 0) {
                    streams.append(stream, event());
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static void replay(Ksp ksp, String viewer, String stream, int expected) {
    try {
      HttpResponse<byte[]> r =
          ksp.http()
              .send(
                  ksp.request(
                          "/api/v1/streams/" + stream + "/replay?after=0&limit=" + expected, viewer)
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
      int rows = 0;
      Matcher m = SEQ.matcher(body);
      while (m.find()) {
        rows++;
      }
      if (r.statusCode() != 200 || rows != expected) {
        throw new AssertionError("replay answered " + r.statusCode() + " with " + rows + " rows");
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static long medianMillis(Runnable r, int runs) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      r.run();
      times.add((System.nanoTime() - start) / 1_000_000);
    }
    Collections.sort(times);
    return times.get(runs / 2);
  }

  static String table(Ksp ksp, List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Stream benchmark (")
        .append(ksp.db().kind())
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, server and clients on one host)\n\n")
        .append("| measure | result | baseline (same run) | target |\n")
        .append("|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| ")
          .append(r.measure())
          .append(" | ")
          .append(r.value())
          .append(" | ")
          .append(r.baseline())
          .append(" | ")
          .append(r.target())
          .append(" |\n");
    }
    return sb.toString();
  }
}
