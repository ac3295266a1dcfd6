package ai.koales.ksp.persistence.platform;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The driver-level {@link DataSource} behind the {@code java:app/jdbc/ksp} pool. It picks the
 * vendor's own DataSource from the JDBC URL, because {@code @DataSourceDefinition#className} is a
 * compile-time constant while the URL comes from the environment ({@code KSP_DB_URL}). The
 * container sets the bean properties below, then pools the connections this class hands out.
 */
public class KspDataSource implements DataSource {

  private String url;
  private String user;
  private String password;
  private int loginTimeout;
  private PrintWriter logWriter;
  private volatile DataSource delegate;

  public void setUrl(String url) {
    this.url = url;
    this.delegate = null;
  }

  /** H2 and some pools use the upper-case spelling. */
  public void setURL(String url) {
    setUrl(url);
  }

  public String getUrl() {
    return url;
  }

  public void setUser(String user) {
    this.user = user;
    this.delegate = null;
  }

  public String getUser() {
    return user;
  }

  public void setPassword(String password) {
    this.password = password;
    this.delegate = null;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return delegate().getConnection();
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    return delegate().getConnection(username, pass);
  }

  private DataSource delegate() throws SQLException {
    DataSource ds = delegate;
    if (ds == null) {
      ds = createDelegate();
      delegate = ds;
    }
    return ds;
  }

  private DataSource createDelegate() throws SQLException {
    if (url == null || url.isBlank()) {
      throw new SQLException("No JDBC URL configured: set KSP_DB_URL");
    }
    if (url.startsWith("jdbc:postgresql:")) {
      org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
      pg.setUrl(url);
      if (user != null && !user.isEmpty()) {
        pg.setUser(user);
      }
      if (password != null && !password.isEmpty()) {
        pg.setPassword(password);
      }
      return pg;
    }
    if (url.startsWith("jdbc:h2:")) {
      org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
      h2.setURL(withQueryCache(url));
      h2.setUser(user == null ? "" : user);
      h2.setPassword(password == null ? "" : password);
      return h2;
    }
    throw new SQLException(
        "Unsupported JDBC URL "
            + url.replaceAll("password=[^;&]*", "password=***")
            + ": KSP supports jdbc:h2: and jdbc:postgresql:");
  }

  /**
   * H2 parses a statement again whenever it is prepared again, unless the connection's query cache
   * (8 statements by default) still holds it; the pool does not cache prepared statements, and a
   * use case issues more than 8 distinct ones, so the cache is enlarged unless the URL sets it.
   */
  static String withQueryCache(String url) {
    return url.toUpperCase(java.util.Locale.ROOT).contains(";QUERY_CACHE_SIZE=")
        ? url
        : url + ";QUERY_CACHE_SIZE=128";
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("java.util.logging is not used by this DataSource");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return delegate().unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate().isWrapperFor(iface);
  }
}
