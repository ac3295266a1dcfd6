package ai.koales.ksp.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The system under test, as a client sees it. */
public final class Ksp {

  public static final String ADMIN = "ksp-admin";
  public static final String OPERATOR = "ksp-operator";
  public static final String AGENT = "ksp-agent";
  public static final String VIEWER = "ksp-viewer";

  private final URI base;
  private final Path dataDir;
  private final Database database;
  private final KspServer.Instance server;
  private final HttpClient http;
  private final Tokens tokens;

  Ksp(URI base, Path dataDir, Database database, KspServer.Instance server) {
    this.base = base;
    this.dataDir = dataDir;
    this.database = database;
    this.server = server;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.tokens = new Tokens(dataDir);
  }

  public URI base() {
    return base;
  }

  /** The WebSocket URI of {@code path} (ws://). */
  public URI wsUri(String path) {
    return URI.create("ws" + uri(path).toString().substring("http".length()));
  }

  public URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  public Path dataDir() {
    return dataDir;
  }

  public Database db() {
    return database;
  }

  public Tokens tokens() {
    return tokens;
  }

  public HttpClient http() {
    return http;
  }

  /** The server log so far (for assertions on what an operator would see). */
  public String serverLog() {
    try {
      return java.nio.file.Files.readString(server.log());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Kills the server process (no graceful shutdown) and boots it again on the same database. */
  public void killAndRestart() {
    server.killAndRestart();
  }

  /** A fresh org id, so tests never see each other's data. */
  public static String newOrg(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A token with {@code role} for exactly {@code orgs} (the development tokens are bound to org
   * {@code demo}).
   */
  public String token(String role, String... orgs) {
    return tokens.mint(role + "-it", List.of(role), List.of(orgs));
  }

  public HttpResult get(String path, String token) {
    return send(request(path, token).GET());
  }

  public HttpResult delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  public HttpResult post(String path, String token, String json) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public HttpResult put(String path, String token, String json) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  public HttpResult send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new HttpResult(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
