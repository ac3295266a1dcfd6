package ai.koales.ksp.persistence.mediation;

import ai.koales.ksp.domain.mediation.WorkGraphAtom;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/** A persisted work-graph atom (table {@code workgraph_atom}); write-once. */
@Entity(name = "WorkGraphAtomRow")
@Table(name = "workgraph_atom")
@IdClass(WorkGraphAtomRow.Key.class)
public class WorkGraphAtomRow {

  @Id
  @Column(name = "org_id", length = 200)
  private String orgId;

  @Id
  @Column(name = "ref", length = 200)
  private String ref;

  @Column(name = "atom_id", nullable = false, length = 200)
  private String atomId;

  @Column(name = "gear_id", nullable = false, length = 200)
  private String gearId;

  @Column(name = "node_id", nullable = false, length = 200)
  private String nodeId;

  @Column(name = "tool_refs", nullable = false)
  private String toolRefs;

  @Column(name = "invariant_ids", nullable = false)
  private String invariantIds;

  @Column(name = "depends_on", nullable = false)
  private String dependsOn;

  @Column(name = "d1_artifact_ref", nullable = false, length = 200)
  private String d1ArtifactRef;

  @Column(name = "instruction")
  private String instruction;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  protected WorkGraphAtomRow() {}

  WorkGraphAtomRow(String orgId, WorkGraphAtom a, long now) {
    this.orgId = orgId;
    this.ref = a.ref();
    this.atomId = a.atomId();
    this.gearId = a.gearId();
    this.nodeId = a.nodeId();
    this.toolRefs = JsonValues.write(a.toolRefs());
    this.invariantIds = JsonValues.write(a.invariantIds());
    this.dependsOn = JsonValues.write(a.dependsOn());
    this.d1ArtifactRef = a.d1ArtifactRef();
    this.instruction = a.instruction();
    this.createdAt = now;
  }

  WorkGraphAtom toAtom() {
    return new WorkGraphAtom(
        ref,
        atomId,
        gearId,
        nodeId,
        strings(toolRefs),
        strings(invariantIds),
        strings(dependsOn),
        d1ArtifactRef,
        instruction);
  }

  private static List<String> strings(String json) {
    return ((List<?>) JsonValues.parse(json)).stream().map(String::valueOf).toList();
  }

  /** Composite key (org_id, ref). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String orgId;
    private String ref;

    public Key() {}

    public Key(String orgId, String ref) {
      this.orgId = orgId;
      this.ref = ref;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(orgId, k.orgId) && Objects.equals(ref, k.ref);
    }

    @Override
    public int hashCode() {
      return Objects.hash(orgId, ref);
    }
  }
}
