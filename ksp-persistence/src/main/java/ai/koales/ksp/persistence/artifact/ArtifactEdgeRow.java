package ai.koales.ksp.persistence.artifact;

import ai.koales.ksp.domain.artifact.ArtifactEdge;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A stored artifact edge; its key is the graph and the triple (source, target, rel). */
@Entity
@Table(name = "artifact_edge")
@IdClass(ArtifactEdgeRow.Key.class)
public class ArtifactEdgeRow {

  @Id
  @Column(name = "graph_key", length = 400)
  private String graphKey;

  @Id
  @Column(name = "source", length = 200)
  private String source;

  @Id
  @Column(name = "target", length = 200)
  private String target;

  @Id
  @Column(name = "rel", length = 200)
  private String rel;

  @Column(name = "props", nullable = false)
  private String props;

  @Column(name = "created", nullable = false)
  private long created;

  @Column(name = "seq", nullable = false)
  private long seq;

  // Upserts replace props: a stale concurrent update fails instead of overwriting silently.
  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected ArtifactEdgeRow() {}

  ArtifactEdgeRow(String graphKey, ArtifactEdge edge) {
    this.graphKey = graphKey;
    this.source = edge.source();
    this.target = edge.target();
    this.rel = edge.rel();
    this.created = edge.created().toEpochMilli();
    this.seq = edge.seq();
    replace(edge);
  }

  void replace(ArtifactEdge edge) {
    this.props = JsonValues.write(edge.props());
  }

  ArtifactEdge toEdge() {
    return new ArtifactEdge(
        source, target, rel, JsonValues.parseObject(props), Instant.ofEpochMilli(created), seq);
  }

  /** Composite key (graph_key, source, target, rel): one edge per triple (INV-AG-002). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String graphKey;
    private String source;
    private String target;
    private String rel;

    public Key() {}

    public Key(String graphKey, String source, String target, String rel) {
      this.graphKey = graphKey;
      this.source = source;
      this.target = target;
      this.rel = rel;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && graphKey.equals(k.graphKey)
          && source.equals(k.source)
          && target.equals(k.target)
          && rel.equals(k.rel);
    }

    @Override
    public int hashCode() {
      return Objects.hash(graphKey, source, target, rel);
    }
  }
}
