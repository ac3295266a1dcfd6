package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadImmutabilityException;
import ai.koales.ksp.domain.bead.BeadType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.PreRemove;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stored bead. Write-once (INV-BG-001): it has no setters, and any attempt to update or remove it
 * through JPA fails. {@code content} and {@code parentIds} hold exactly what was hashed.
 */
@Entity
@Table(name = "bead")
@IdClass(BeadRow.Key.class)
public class BeadRow {

  @Id
  @Column(name = "org_id")
  private String orgId;

  @Id
  @Column(name = "bead_id")
  private String beadId;

  @Column(name = "bead_type", nullable = false)
  private String beadType;

  @Column(name = "parent_ids", nullable = false)
  private String parentIds;

  @Column(name = "content", nullable = false)
  private String content;

  @Column(name = "written_by", nullable = false)
  private String writtenBy;

  @Column(name = "ts", nullable = false)
  private long ts;

  @Column(name = "subject_id")
  private String subjectId;

  @Column(name = "subject_type")
  private String subjectType;

  @Column(name = "status")
  private String status;

  @Column(name = "role_id")
  private String roleId;

  @Column(name = "scope")
  private String scope;

  @Column(name = "trust_score")
  private Double trustScore;

  @Column(name = "target_bead_id")
  private String targetBeadId;

  @Column(name = "revokes")
  private String revokes;

  protected BeadRow() {}

  static BeadRow of(Bead b) {
    BeadRow r = new BeadRow();
    r.orgId = b.orgId();
    r.beadId = b.id().value();
    r.beadType = b.type().wireName();
    r.parentIds = String.join(",", b.parentIds());
    r.content = b.canonicalContent();
    r.writtenBy = b.writtenBy();
    r.ts = b.ts();
    Columns c = Columns.of(b.type(), b.content());
    r.subjectId = c.subjectId();
    r.subjectType = c.subjectType();
    r.status = c.status();
    r.roleId = c.roleId();
    r.scope = c.scope();
    r.trustScore = c.trustScore();
    r.targetBeadId = c.targetBeadId();
    r.revokes = c.revokes();
    return r;
  }

  /** The query columns as stored (the integrity check compares them with {@link Columns#of}). */
  Columns columns() {
    return new Columns(
        subjectId, subjectType, status, roleId, scope, trustScore, targetBeadId, revokes);
  }

  /**
   * The indexed query columns copied out of the content (core.md §7). The content stays the source
   * of truth: these are derived from it by {@link #of} and nothing else.
   */
  record Columns(
      String subjectId,
      String subjectType,
      String status,
      String roleId,
      String scope,
      Double trustScore,
      String targetBeadId,
      String revokes) {

    static Columns of(BeadType type, Map<String, Object> content) {
      return new Columns(
          text(content, "subject_id"),
          text(content, "subject_type"),
          text(content, "status"),
          text(content, "role_id"),
          text(content, "scope"),
          type == BeadType.TRUST && content.get("trust_score") instanceof Number n
              ? n.doubleValue()
              : null,
          text(content, "target_bead_id"),
          type == BeadType.CONSENT ? text(content, "revokes") : null);
    }

    private static String text(Map<String, Object> content, String field) {
      return content.get(field) instanceof String s ? s : null;
    }

    /** The columns that differ from {@code expected}, as "column: stored vs content" lines. */
    List<String> differencesFrom(Columns expected) {
      List<String> out = new ArrayList<>();
      diff(out, "subject_id", subjectId, expected.subjectId);
      diff(out, "subject_type", subjectType, expected.subjectType);
      diff(out, "status", status, expected.status);
      diff(out, "role_id", roleId, expected.roleId);
      diff(out, "scope", scope, expected.scope);
      boolean sameScore =
          trustScore == null
              ? expected.trustScore == null
              : expected.trustScore != null
                  && trustScore.doubleValue() == expected.trustScore.doubleValue();
      if (!sameScore) {
        out.add("trust_score is " + trustScore + " but the content says " + expected.trustScore);
      }
      diff(out, "target_bead_id", targetBeadId, expected.targetBeadId);
      diff(out, "revokes", revokes, expected.revokes);
      return out;
    }

    private static void diff(List<String> out, String column, String stored, String derived) {
      if (!Objects.equals(stored, derived)) {
        out.add(column + " is " + quote(stored) + " but the content says " + quote(derived));
      }
    }

    private static String quote(String s) {
      return s == null ? "null" : "'" + s + "'";
    }
  }

  /** Binds this row to the 15 parameters of {@code INSERT INTO bead} in column order. */
  void bind(PreparedStatement ps) throws SQLException {
    ps.setString(1, orgId);
    ps.setString(2, beadId);
    ps.setString(3, beadType);
    ps.setString(4, parentIds);
    ps.setString(5, content);
    ps.setString(6, writtenBy);
    ps.setLong(7, ts);
    ps.setString(8, subjectId);
    ps.setString(9, subjectType);
    ps.setString(10, status);
    ps.setString(11, roleId);
    ps.setString(12, scope);
    if (trustScore == null) {
      ps.setNull(13, Types.DOUBLE);
    } else {
      ps.setDouble(13, trustScore);
    }
    ps.setString(14, targetBeadId);
    ps.setString(15, revokes);
  }

  @PreUpdate
  @PreRemove
  void refuseChange() {
    throw new BeadImmutabilityException(beadId);
  }

  String orgId() {
    return orgId;
  }

  String beadId() {
    return beadId;
  }

  String beadType() {
    return beadType;
  }

  String content() {
    return content;
  }

  String parentIds() {
    return parentIds;
  }

  String writtenBy() {
    return writtenBy;
  }

  long ts() {
    return ts;
  }

  /** Composite key (org_id, bead_id). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String orgId;
    private String beadId;

    public Key() {}

    public Key(String orgId, String beadId) {
      this.orgId = orgId;
      this.beadId = beadId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && orgId.equals(k.orgId) && beadId.equals(k.beadId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(orgId, beadId);
    }
  }
}
