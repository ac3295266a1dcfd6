package ai.koales.ksp.persistence.mediation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One compiled v2 directive (table {@code compiled_molecule}, keyed (run, atom): P17). */
@Entity(name = "CompiledMoleculeRow")
@Table(name = "compiled_molecule")
@IdClass(CompiledMoleculeRow.Key.class)
public class CompiledMoleculeRow {

  @Id
  @Column(name = "run_id", length = 200)
  private String runId;

  @Id
  @Column(name = "atom_id", length = 200)
  private String atomId;

  @Column(name = "work_graph_id", nullable = false, length = 200)
  private String workGraphId;

  @Column(name = "atom_directive", nullable = false)
  private String atomDirective;

  @Column(name = "compiled_at", nullable = false)
  private long compiledAt;

  protected CompiledMoleculeRow() {}

  CompiledMoleculeRow(
      String runId, String atomId, String workGraphId, String atomDirective, long now) {
    this.runId = runId;
    this.atomId = atomId;
    this.workGraphId = workGraphId;
    this.atomDirective = atomDirective;
    this.compiledAt = now;
  }

  String atomId() {
    return atomId;
  }

  String atomDirective() {
    return atomDirective;
  }

  /** Composite key (run_id, atom_id). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String runId;
    private String atomId;

    public Key() {}

    public Key(String runId, String atomId) {
      this.runId = runId;
      this.atomId = atomId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(runId, k.runId)
          && Objects.equals(atomId, k.atomId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(runId, atomId);
    }
  }
}
