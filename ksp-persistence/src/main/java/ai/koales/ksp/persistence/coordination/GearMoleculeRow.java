package ai.koales.ksp.persistence.coordination;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * The formula a molecule of a run follows (table {@code gear_molecule}); written once, by the first
 * seed that names it, under the run's lock.
 */
@Entity
@Table(name = "gear_molecule")
@IdClass(GearMoleculeRow.Key.class)
public class GearMoleculeRow {

  @Id
  @Column(name = "run_id", length = 128)
  private String runId;

  @Id
  @Column(name = "molecule_id", length = 200)
  private String moleculeId;

  @Column(name = "formula_id", nullable = false, length = 200, updatable = false)
  private String formulaId;

  @Column(name = "created_at", nullable = false, updatable = false)
  private long createdAt;

  protected GearMoleculeRow() {}

  GearMoleculeRow(String runId, String moleculeId, String formulaId, long createdAt) {
    this.runId = runId;
    this.moleculeId = moleculeId;
    this.formulaId = formulaId;
    this.createdAt = createdAt;
  }

  String formulaId() {
    return formulaId;
  }

  /** Composite key (run_id, molecule_id). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String runId;
    private String moleculeId;

    public Key() {}

    public Key(String runId, String moleculeId) {
      this.runId = runId;
      this.moleculeId = moleculeId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && runId.equals(k.runId) && moleculeId.equals(k.moleculeId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(runId, moleculeId);
    }
  }
}
