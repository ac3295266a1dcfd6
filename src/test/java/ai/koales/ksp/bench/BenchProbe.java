package ai.koales.ksp.bench;

import ai.koales.ksp.domain.bead.AuditAction;
import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadType;
import ai.koales.ksp.persistence.platform.PartitionLocks;
import ai.koales.ksp.persistence.platform.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The ingredients of a bead write, one at a time, to see where its time goes (bench only). */
@ApplicationScoped
public class BenchProbe {

  @Inject PartitionLocks partitions;

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Transactional
  public void emptyTransaction() {}

  @Transactional
  public void lock(String org) {
    partitions.lock(PartitionLocks.BEAD_GRAPH, org);
  }

  @Transactional
  public void lockJdbc(String org) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT created_at FROM partition_lock WHERE scope = ? AND partition_key = ? FOR UPDATE")) {
      ps.setString(1, PartitionLocks.BEAD_GRAPH);
      ps.setString(2, org);
      ps.executeQuery().close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Bead[] create(String org, Map<String, Object> content) {
    Bead b = Bead.create(org, BeadType.TRUST, content, List.of(), "bench", 1);
    return new Bead[] {b, b.audit(AuditAction.CREATE, "bench", "api:bench", 1)};
  }

  /** The pair's rows (bead, audit bead, audits edge) inserted on the transaction's connection. */
  @Transactional
  public void jdbcInserts(Bead[] pair) {
    try (Connection c = dataSource.getConnection()) {
      insertPair(c, pair);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Inserts a bead, its audit bead and the audits edge on {@code c}; commits nothing. */
  public void insertPair(Connection c, Bead[] pair) throws SQLException {
    try (PreparedStatement bead =
            c.prepareStatement(
                "INSERT INTO bead (org_id, bead_id, bead_type, parent_ids, content, written_by, ts, subject_id, subject_type, status, trust_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement edge =
            c.prepareStatement(
                "INSERT INTO bead_edge (org_id, child_id, parent_id, rel) VALUES (?, ?, ?, ?)")) {
      for (Bead b : pair) {
        bead.setString(1, b.orgId());
        bead.setString(2, b.id().value());
        bead.setString(3, b.type().wireName());
        bead.setString(4, String.join(",", b.parentIds()));
        bead.setString(5, b.canonicalContent());
        bead.setString(6, b.writtenBy());
        bead.setLong(7, b.ts());
        bead.setString(8, b.text("subject_id"));
        bead.setString(9, b.text("subject_type"));
        bead.setString(10, b.text("status"));
        bead.setObject(11, b.number("trust_score"));
        bead.executeUpdate();
      }
      edge.setString(1, pair[0].orgId());
      edge.setString(2, pair[1].id().value());
      edge.setString(3, pair[0].id().value());
      edge.setString(4, "audits");
      edge.executeUpdate();
    }
  }
}
