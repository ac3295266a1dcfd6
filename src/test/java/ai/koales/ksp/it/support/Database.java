package ai.koales.ksp.it.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's database, opened directly by the tests: to check what a use case stored (or did not
 * store) and to tamper with rows the way someone with database access could.
 */
public final class Database {

  private final String kind;
  private final String url;
  private final String user;
  private final String password;
  private final ThreadLocal<Connection> transaction = new ThreadLocal<>();

  private Database(String kind, String url, String user, String password) {
    this.kind = kind;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  static Database forRun(String kind, Path workdir) {
    if ("postgres".equals(kind)) {
      String url = env("KSP_IT_PG_URL", null);
      if (url == null) {
        throw new IllegalStateException("ksp.it.db=postgres needs KSP_IT_PG_URL (see .ci/run)");
      }
      Database db =
          new Database(kind, url, env("KSP_IT_PG_USER", "ksp"), env("KSP_IT_PG_PASSWORD", "ksp"));
      db.resetPostgres();
      return db;
    }
    String file = workdir.resolve("db").resolve("ksp").toString();
    // Benchmarks add the server's own H2 settings (ksp.it.h2-options), so that they measure the
    // configuration KSP ships with.
    return new Database(
        "h2",
        "jdbc:h2:file:"
            + file
            + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000"
            + System.getProperty("ksp.it.h2-options", ""),
        "ksp",
        "ksp");
  }

  public boolean isPostgres() {
    return "postgres".equals(kind);
  }

  public String kind() {
    return kind;
  }

  String url() {
    return url;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /**
   * Runs {@code work} in one database transaction: its {@link #update}s commit together (or not at
   * all, if it throws).
   */
  public void inTransaction(Runnable work) {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      transaction.set(c);
      try {
        work.run();
        c.commit();
      } catch (RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        transaction.remove();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("transaction on " + url, e);
    }
  }

  /** Runs an INSERT/UPDATE/DELETE and returns the row count. */
  public int update(String sql, Object... params) {
    Connection open = transaction.get();
    if (open != null) {
      try (PreparedStatement ps = prepare(open, sql, params)) {
        return ps.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException(sql, e);
      }
    }
    try (Connection c = connect();
        PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Rows as maps with lower-case column names. */
  public List<Map<String, Object>> query(String sql, Object... params) {
    try (Connection c = connect();
        PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The single number a {@code SELECT COUNT(*)} returns. */
  public long count(String sql, Object... params) {
    List<Map<String, Object>> rows = query(sql, params);
    return ((Number) rows.get(0).values().iterator().next()).longValue();
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  private void resetPostgres() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS public CASCADE");
      s.execute("CREATE SCHEMA public");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot reset the PostgreSQL test database at " + url, e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
