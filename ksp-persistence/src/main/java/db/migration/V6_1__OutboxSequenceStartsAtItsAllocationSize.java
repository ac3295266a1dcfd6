package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Repairs {@code event_outbox_seq} (V2): EclipseLink reads a sequence value as the <em>last</em> id
 * of its preallocated block ({@code value - allocationSize + 1 .. value}) and refuses a block that
 * would start below zero. V2 created the sequence {@code START WITH 1}, so the very first event
 * recorded on a fresh database failed ("sequence ... is setup incorrectly"). A sequence that was
 * never used is restarted at its allocation size (50); one that was used already hands out safe
 * values, and the value this check consumes is simply skipped. Java, because the check needs the
 * current value and the two databases spell "next value" differently.
 */
public class V6_1__OutboxSequenceStartsAtItsAllocationSize extends BaseJavaMigration {

  static final long ALLOCATION_SIZE = 50;

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    boolean postgres =
        c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    try (Statement s = c.createStatement()) {
      long next;
      try (ResultSet rs =
          s.executeQuery(
              postgres
                  ? "SELECT nextval('event_outbox_seq')"
                  : "SELECT NEXT VALUE FOR event_outbox_seq")) {
        rs.next();
        next = rs.getLong(1);
      }
      if (next < ALLOCATION_SIZE) {
        s.execute("ALTER SEQUENCE event_outbox_seq RESTART WITH " + ALLOCATION_SIZE);
      }
    }
  }
}
