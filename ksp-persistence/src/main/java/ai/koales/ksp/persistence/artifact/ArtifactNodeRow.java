package ai.koales.ksp.persistence.artifact;

import ai.koales.ksp.domain.artifact.ArtifactNode;
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

/** A stored artifact node; {@code data} is the node's JSON object as text. */
@Entity
@Table(name = "artifact_node")
@IdClass(ArtifactNodeRow.Key.class)
public class ArtifactNodeRow {

  @Id
  @Column(name = "graph_key", length = 400)
  private String graphKey;

  @Id
  @Column(name = "id", length = 200)
  private String id;

  @Column(name = "type", nullable = false, length = 200)
  private String nodeType;

  @Column(name = "data", nullable = false)
  private String data;

  @Column(name = "ns", nullable = false, length = 64)
  private String ns;

  @Column(name = "created", nullable = false)
  private long created;

  @Column(name = "updated", nullable = false)
  private long updated;

  @Column(name = "seq", nullable = false)
  private long seq;

  // Upserts replace data: a stale concurrent update fails instead of overwriting silently.
  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected ArtifactNodeRow() {}

  ArtifactNodeRow(String graphKey, ArtifactNode node) {
    this.graphKey = graphKey;
    this.id = node.id();
    this.nodeType = node.type();
    this.ns = node.ns();
    this.created = node.created().toEpochMilli();
    this.seq = node.seq();
    replace(node);
  }

  void replace(ArtifactNode node) {
    this.data = JsonValues.write(node.data());
    this.updated = node.updated().toEpochMilli();
  }

  ArtifactNode toNode() {
    return new ArtifactNode(
        id,
        nodeType,
        JsonValues.parseObject(data),
        ns,
        Instant.ofEpochMilli(created),
        Instant.ofEpochMilli(updated),
        seq);
  }

  /** Composite key (graph_key, id): node ids are unique per graph, not globally. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String graphKey;
    private String id;

    public Key() {}

    public Key(String graphKey, String id) {
      this.graphKey = graphKey;
      this.id = id;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && graphKey.equals(k.graphKey) && id.equals(k.id);
    }

    @Override
    public int hashCode() {
      return Objects.hash(graphKey, id);
    }
  }
}
