package ai.koales.ksp.persistence.bead;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A typed edge between two beads of one org; the child is the newer bead. Write-once. */
@Entity
@Table(name = "bead_edge")
@IdClass(BeadEdgeRow.Key.class)
public class BeadEdgeRow {

  public static final String PARENT = "parent";
  public static final String SUPERSEDES = "supersedes";
  public static final String AUDITS = "audits";

  @Id
  @Column(name = "org_id")
  private String orgId;

  @Id
  @Column(name = "child_id")
  private String childId;

  @Id
  @Column(name = "parent_id")
  private String parentId;

  @Id
  @Column(name = "rel")
  private String rel;

  protected BeadEdgeRow() {}

  BeadEdgeRow(String orgId, String childId, String parentId, String rel) {
    this.orgId = orgId;
    this.childId = childId;
    this.parentId = parentId;
    this.rel = rel;
  }

  String childId() {
    return childId;
  }

  String parentId() {
    return parentId;
  }

  String rel() {
    return rel;
  }

  /** Composite key (org_id, child_id, parent_id, rel). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String orgId;
    private String childId;
    private String parentId;
    private String rel;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && orgId.equals(k.orgId)
          && childId.equals(k.childId)
          && parentId.equals(k.parentId)
          && rel.equals(k.rel);
    }

    @Override
    public int hashCode() {
      return Objects.hash(orgId, childId, parentId, rel);
    }
  }
}
