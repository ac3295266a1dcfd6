package ai.koales.ksp.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A second, short-lived Payara Micro with its own work directory and H2 database, for the few tests
 * that need a server in a state the shared one must never be in (e.g. a failed migration).
 */
public final class ExtraServer implements AutoCloseable {

  private final KspServer.Instance instance;
  private final Path workdir;
  private final Database database;

  private ExtraServer(Path workdir) {
    this(workdir, Map.of());
  }

  private ExtraServer(Path workdir, Map<String, String> env) {
    this.workdir = workdir;
    KspServer.deleteRecursively(workdir);
    try {
      Files.createDirectories(workdir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.database = Database.forRun("h2", workdir);
    this.instance = new KspServer.Instance(workdir, database, KspServer.freePort(), env);
  }

  /** A server whose H2 database lives under {@code target/<name>}; not started yet. */
  public static ExtraServer named(String name) {
    Path base = Path.of(KspServer.required("ksp.it.workdir")).toAbsolutePath().getParent();
    return new ExtraServer(base.resolve(name));
  }

  /**
   * A server with its own H2 database under {@code target/<name>} and {@code env} added to the test
   * configuration (e.g. another planner); not started yet.
   */
  public static ExtraServer named(String name, Map<String, String> env) {
    Path base = Path.of(KspServer.required("ksp.it.workdir")).toAbsolutePath().getParent();
    return new ExtraServer(base.resolve(name), env);
  }

  /** Starts the server and waits until the application serves. */
  public void startAndAwait() {
    instance.launch();
  }

  /** A client for this server (tokens, HTTP, its database). */
  public Ksp client() {
    return instance.client();
  }

  /** Kills the process (no graceful shutdown) and boots it again on the same data. */
  public void killAndRestart() {
    instance.killAndRestart();
  }

  public Database db() {
    return database;
  }

  public Path workdir() {
    return workdir;
  }

  public void start() {
    instance.launchOnly();
  }

  public int port() {
    return instance.port();
  }

  public String log() {
    try {
      return Files.exists(instance.log()) ? Files.readString(instance.log()) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the log contains {@code text}; false on timeout. */
  public boolean awaitLog(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (log().contains(text)) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  @Override
  public void close() {
    instance.close();
  }
}
