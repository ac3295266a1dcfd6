package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.ArtifactEdge;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** An edge of the factory artifact graph (edges.md §1.8 artifact_edges). */
@Entity
@Table(name = "artifact_edges")
public class FactoryArtifactEdgeRow {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "artifact_edges_seq")
  @SequenceGenerator(
      name = "artifact_edges_seq",
      sequenceName = "artifact_edges_seq",
      allocationSize = 50)
  private long id;

  @Column(name = "source_id", nullable = false, length = 200)
  private String sourceId;

  @Column(name = "target_id", nullable = false, length = 200)
  private String targetId;

  @Column(name = "rel", nullable = false, length = 200)
  private String rel;

  @Column(name = "props")
  private String props;

  @Column(name = "org_id", length = 200)
  private String orgId;

  protected FactoryArtifactEdgeRow() {}

  FactoryArtifactEdgeRow(String sourceId, String targetId, String rel, String orgId) {
    this.sourceId = sourceId;
    this.targetId = targetId;
    this.rel = rel;
    this.orgId = orgId;
  }

  /** The org of the stream the edge was reported on; null for rows written by others. */
  String orgId() {
    return orgId;
  }

  public ArtifactEdge toEdge() {
    return new ArtifactEdge(
        id, sourceId, targetId, rel == null ? "" : rel, ArtifactRow.JsonText.parseOrNull(props));
  }
}
