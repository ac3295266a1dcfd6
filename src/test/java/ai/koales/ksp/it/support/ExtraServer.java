package ai.koales.ksp.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A second, short-lived Payara Micro with its own work directory and H2 database, for the few tests
 * that need a server in a state the shared one must never be in (e.g. a failed migration).
 */
public final class ExtraServer implements AutoCloseable {

  private final KspServer.Instance instance;
  private final Path workdir;
  private final Database database;

  private ExtraServer(Path workdir) {
    this.workdir = workdir;
    KspServer.deleteRecursively(workdir);
    try {
      Files.createDirectories(workdir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.database = Database.forRun("h2", workdir);
    this.instance = new KspServer.Instance(workdir, database, KspServer.freePort());
  }

  /** A server whose H2 database lives under {@code target/<name>}; not started yet. */
  public static ExtraServer named(String name) {
    Path base = Path.of(KspServer.required("ksp.it.workdir")).toAbsolutePath().getParent();
    return new ExtraServer(base.resolve(name));
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
