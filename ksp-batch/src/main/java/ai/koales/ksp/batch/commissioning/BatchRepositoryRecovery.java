package ai.koales.ksp.batch.commissioning;

import ai.koales.ksp.persistence.commissioning.CommissioningSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * A JVM killed while a job ran leaves its execution STARTED in the batch repository forever (the
 * runtime never revisits it). At startup, before this node starts any job, executions and steps
 * still STARTING, STARTED or STOPPING cannot be running (the repository is this node's own), so
 * they are marked FAILED: operators see the truth, and the worker restarts them, which resumes at
 * the step that did not finish.
 *
 * <p>Plain SQL on the runtime's tables ({@code EXECUTIONINSTANCEDATA}, {@code
 * STEPEXECUTIONINSTANCEDATA}, with the configured prefix and suffix), because Jakarta Batch has no
 * API for it. Switch it off ({@code ksp.commissioning.batch-repository.recover=false}) when several
 * servers share one batch repository.
 */
@ApplicationScoped
public class BatchRepositoryRecovery {

  private static final Logger LOG = Logger.getLogger(BatchRepositoryRecovery.class.getName());

  static final String JOB_TABLE = "EXECUTIONINSTANCEDATA";
  static final String STEP_TABLE = "STEPEXECUTIONINSTANCEDATA";

  @Inject CommissioningSettings settings;

  /** Marks the executions a previous JVM left running FAILED; returns how many. */
  public int recover() {
    if (!settings.recoverBatchRepository()) {
      return 0;
    }
    String name = settings.batchRepositoryDataSource();
    try (Connection c = dataSource(name).getConnection()) {
      String jobs = table(c, JOB_TABLE);
      if (jobs == null) {
        // No job has ever run on this node (the runtime creates its tables on first use), or the
        // prefix/suffix do not match the runtime's.
        LOG.info(
            () ->
                "Batch repository recovery: no table "
                    + settings.batchTablePrefix()
                    + JOB_TABLE
                    + settings.batchTableSuffix()
                    + " in "
                    + name
                    + " yet");
        return 0;
      }
      String steps = table(c, STEP_TABLE);
      Timestamp now = new Timestamp(System.currentTimeMillis());
      int n = markFailed(c, jobs, now, true);
      if (steps != null) {
        markFailed(c, steps, now, false);
      }
      if (n > 0) {
        LOG.warning(
            "Batch repository recovery: "
                + n
                + " batch job execution(s) left running by a previous process marked FAILED;"
                + " their commissioning sessions resume");
      } else {
        LOG.info("Batch repository recovery: no job execution was left running");
      }
      return n;
    } catch (SQLException | NamingException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Could not recover the batch repository "
              + name
              + "; executions of a killed process may stay STARTED",
          e);
      return 0;
    }
  }

  private static int markFailed(Connection c, String table, Timestamp now, boolean job)
      throws SQLException {
    String sql =
        "UPDATE "
            + table
            + " SET batchstatus = 'FAILED', exitstatus = 'FAILED', endtime = ?"
            + (job ? ", updatetime = ?" : "")
            + " WHERE batchstatus IN ('STARTING', 'STARTED', 'STOPPING')";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, now);
      if (job) {
        ps.setTimestamp(2, now);
      }
      return ps.executeUpdate();
    }
  }

  /** The runtime's table, however the database cases it; null when it does not exist (yet). */
  private String table(Connection c, String base) throws SQLException {
    String wanted =
        (settings.batchTablePrefix() + base + settings.batchTableSuffix()).toUpperCase(Locale.ROOT);
    DatabaseMetaData md = c.getMetaData();
    List<String> found = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String t = rs.getString("TABLE_NAME");
        if (t.toUpperCase(Locale.ROOT).equals(wanted)) {
          String schema = rs.getString("TABLE_SCHEM");
          found.add(schema == null ? quote(md, t) : quote(md, schema) + "." + quote(md, t));
        }
      }
    }
    return found.isEmpty() ? null : found.get(0);
  }

  private static String quote(DatabaseMetaData md, String identifier) throws SQLException {
    String q = md.getIdentifierQuoteString();
    return q == null || q.isBlank() ? identifier : q + identifier + q;
  }

  private static DataSource dataSource(String name) throws NamingException {
    InitialContext ctx = new InitialContext();
    try {
      return (DataSource) ctx.lookup(name);
    } finally {
      ctx.close();
    }
  }
}
