package ai.koales.ksp.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one Payara Micro with the built {@code ksp.war} per test run (failsafe JVM) and hands test
 * methods a {@link Ksp} client. The database is H2 (a file database in AUTO_SERVER mode, so tests
 * can open it too) or PostgreSQL ({@code KSP_IT_PG_URL}), chosen by {@code -Dksp.it.db}.
 */
public final class KspServer implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KspServer.class);
  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(240);

  /** Configuration every system test may rely on (see the tests that use each key). */
  public static final Map<String, String> TEST_CONFIG =
      Map.ofEntries(
          Map.entry("KSP_STREAM_PRODUCER_SECRET", "it-producer-secret"),
          // Streams: expiry tests backdate rows and wait for the sweeper, which runs every second;
          // the terminal grace is short enough to be waited for.
          Map.entry("KSP_STREAM_TTL", "PT2M"),
          Map.entry("KSP_STREAM_TERMINAL_GRACE", "PT4S"),
          Map.entry("KSP_STREAM_SWEEP_INTERVAL", "PT1S"),
          Map.entry("KSP_STREAM_OUTBOX_DRAIN_INTERVAL", "PT1S"),
          Map.entry("KSP_STREAM_KEEP_ALIVE", "PT5S"),
          Map.entry("KSP_STREAM_AUTH_TIMEOUT", "PT3S"),
          // A client that stops reading is dropped after 5 s (SlowConsumerIT).
          Map.entry("KSP_STREAM_SEND_TIMEOUT", "PT5S"),
          // Coordination: rescue silent holders after 5 s, sweep every second (StaleRescueIT).
          Map.entry("KSP_COORDINATION_STALE_AFTER", "PT5S"),
          Map.entry("KSP_COORDINATION_SWEEP_INTERVAL", "PT1S"),
          Map.entry("KSP_COORDINATION_REDELIVERY_AFTER", "PT2S"),
          // Connect gateway: the envelope signing key the tests sign with, and a PDP in this JVM
          // whose answers each test picks by purpose id (FakePdp).
          Map.entry("KSP_GATEWAY_SIGNING_KEY", Connect.SIGNING_KEY_BASE64),
          Map.entry("KSP_GATEWAY_PDP_URL", FakePdp.url()),
          Map.entry("KSP_GATEWAY_PDP_API_KEY", FakePdp.API_KEY));

  /** The keys of {@link #TEST_CONFIG} that shorten timers for the tests' sake. */
  static final java.util.Set<String> TIMERS =
      java.util.Set.of(
          "KSP_STREAM_TTL",
          "KSP_STREAM_TERMINAL_GRACE",
          "KSP_STREAM_SWEEP_INTERVAL",
          "KSP_STREAM_OUTBOX_DRAIN_INTERVAL",
          "KSP_STREAM_KEEP_ALIVE",
          "KSP_STREAM_AUTH_TIMEOUT",
          "KSP_STREAM_SEND_TIMEOUT",
          "KSP_COORDINATION_STALE_AFTER",
          "KSP_COORDINATION_SWEEP_INTERVAL",
          "KSP_COORDINATION_REDELIVERY_AFTER");

  @Override
  public void beforeAll(ExtensionContext context) {
    running(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Ksp.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return running(e).client();
  }

  private static Instance running(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("server", k -> Instance.start(), Instance.class);
  }

  /** The running server; closed by JUnit after the last test of the run. */
  static final class Instance implements ExtensionContext.Store.CloseableResource {
    private final Path workdir;
    private final Database database;
    private final int port;
    private final List<String> command;
    private final Map<String, String> env;
    private Process process;
    private final Ksp client;

    Instance(Path workdir, Database database, int port) {
      this(workdir, database, port, Map.of());
    }

    /** A server whose environment adds {@code extraEnv} to {@link #TEST_CONFIG} (winning). */
    Instance(Path workdir, Database database, int port, Map<String, String> extraEnv) {
      this.workdir = workdir;
      this.database = database;
      this.port = port;
      Path war = Path.of(required("ksp.it.war"));
      Path micro = Path.of(required("ksp.it.micro"));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd = new ArrayList<>();
      cmd.add(java);
      // C1 only by default: the server boots in seconds; benchmarks pass the full JIT instead.
      for (String option :
          System.getProperty("ksp.it.jvm-options", "-XX:TieredStopAtLevel=1 -Xmx1536m")
              .trim()
              .split("\\s+")) {
        if (!option.isEmpty()) {
          cmd.add(option);
        }
      }
      // Extra JVM options, later ones winning (e.g. -Dksp.it.server.jvm=-XX:TieredStopAtLevel=4).
      String extra = System.getProperty("ksp.it.server.jvm", "").trim();
      if (!extra.isEmpty()) {
        cmd.addAll(List.of(extra.split("\\s+")));
      }
      cmd.addAll(
          List.of(
              // Json.createX() otherwise runs a ServiceLoader scan of every jar on every call
              // (MP-JWT parses each token with it); see README "Configuration".
              "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl",
              "-Dmp.health.default.readiness.empty.response=DOWN",
              "-jar",
              micro.toString(),
              "--nohazelcast",
              "--port",
              String.valueOf(port),
              "--contextroot",
              "/",
              "--rootdir",
              workdir.resolve("payara").toString(),
              "--deploy",
              war.toString()));
      this.command = List.copyOf(cmd);
      Map<String, String> e = new LinkedHashMap<>(TEST_CONFIG);
      if (Boolean.getBoolean("ksp.it.production-timers")) {
        // Benchmarks: the server's own timing defaults (a 5 s stale threshold would rescue claims
        // whose agents merely waited for a loaded server, and turn their releases into 409s).
        e.keySet().removeIf(TIMERS::contains);
      }
      e.put("KSP_DB_URL", database.url());
      e.put("KSP_DB_USER", database.user());
      e.put("KSP_DB_PASSWORD", database.password());
      e.put("KSP_DATA_DIR", workdir.resolve("data").toString());
      e.putAll(extraEnv);
      this.env = e;
      this.client =
          new Ksp(
              URI.create("http://localhost:" + port + "/"),
              workdir.resolve("data"),
              database,
              this);
    }

    static Instance start() {
      Path workdir = Path.of(required("ksp.it.workdir")).toAbsolutePath();
      deleteRecursively(workdir);
      try {
        Files.createDirectories(workdir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Database database = Database.forRun(System.getProperty("ksp.it.db", "h2"), workdir);
      Instance instance = new Instance(workdir, database, freePort());
      instance.launch();
      return instance;
    }

    Ksp client() {
      return client;
    }

    Path log() {
      return workdir.resolve("server.log");
    }

    /** Starts the process without waiting: for tests that expect the deployment to fail. */
    Process launchOnly() {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
      pb.environment().putAll(env);
      try {
        process = pb.start();
        return process;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start Payara Micro: " + command, e);
      }
    }

    int port() {
      return port;
    }

    void launch() {
      // As run.sh does: a restart must deploy ksp.war once, not boot the remembered deployment
      // and then redeploy it.
      try {
        Files.deleteIfExists(workdir.resolve("payara/config/domain.xml"));
        Files.deleteIfExists(workdir.resolve("payara/config/domain.xml.bak"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
      pb.environment().putAll(env);
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start Payara Micro: " + command, e);
      }
      awaitReady();
    }

    /**
     * Kills the server the hard way (no graceful shutdown) and starts it again on the same data.
     */
    void killAndRestart() {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      launch();
    }

    private void awaitReady() {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
      URI ready = URI.create("http://localhost:" + port + "/health/ready");
      URI api = URI.create("http://localhost:" + port + "/api/v1/me");
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("Payara Micro exited during boot:\n" + tail());
        }
        try {
          HttpResponse<Void> r =
              http.send(
                  HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding());
          HttpResponse<Void> a =
              http.send(
                  HttpRequest.newBuilder(api).build(), HttpResponse.BodyHandlers.discarding());
          // The app is deployed when its API answers 401 to an anonymous call.
          if (r.statusCode() == 200 && a.statusCode() == 401) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      throw new IllegalStateException(
          "Payara Micro not ready after " + BOOT_TIMEOUT + ":\n" + tail());
    }

    String tail() {
      try {
        List<String> lines = Files.readAllLines(log());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    @Override
    public void close() {
      if (process != null && process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        }
      }
    }
  }

  static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          "System property " + property + " is not set (run through Maven failsafe)");
    }
    return v;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean " + dir, e);
    }
  }
}
