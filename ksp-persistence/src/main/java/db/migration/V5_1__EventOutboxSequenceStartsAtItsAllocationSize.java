package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Repairs {@code event_outbox_seq} (V2) before coordination records its first events: EclipseLink
 * reads a sequence value as the last id of its preallocated block ({@code value - 49 .. value}) and
 * refuses a block that would start below 1, so with V2's {@code START WITH 1} the first event on a
 * fresh database failed ("sequence ... is setup incorrectly"). A never-used sequence is restarted
 * at its allocation size; a used one already hands out safe values (the value this check consumes
 * is skipped). Idempotent, so a later repair of the same sequence finds nothing to do.
 */
public class V5_1__EventOutboxSequenceStartsAtItsAllocationSize extends BaseJavaMigration {

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
