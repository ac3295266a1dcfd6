package ai.koales.ksp.persistence.coordination;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A dependency of a run's DAG (table {@code atom_edge}); insert-only. */
@Entity
@Table(name = "atom_edge")
@IdClass(AtomEdgeRow.Key.class)
public class AtomEdgeRow {

  @Id
  @Column(name = "run_id", length = 128)
  private String runId;

  @Id
  @Column(name = "parent_id", length = 200)
  private String parentId;

  @Id
  @Column(name = "child_id", length = 200)
  private String childId;

  protected AtomEdgeRow() {}

  AtomEdgeRow(String runId, String parentId, String childId) {
    this.runId = runId;
    this.parentId = parentId;
    this.childId = childId;
  }

  /** Composite key (run_id, parent_id, child_id). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String runId;
    private String parentId;
    private String childId;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && runId.equals(k.runId)
          && parentId.equals(k.parentId)
          && childId.equals(k.childId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(runId, parentId, childId);
    }
  }
}
