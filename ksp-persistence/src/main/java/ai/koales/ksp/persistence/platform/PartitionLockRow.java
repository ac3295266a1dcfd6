package ai.koales.ksp.persistence.platform;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One single-writer partition (an org's bead graph, a graph key, a buffer...). */
@Entity
@Table(name = "partition_lock")
@IdClass(PartitionLockRow.Key.class)
public class PartitionLockRow {

  @Id
  @Column(name = "scope", length = 32)
  private String scope;

  @Id
  @Column(name = "partition_key", length = 400)
  private String partitionKey;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  protected PartitionLockRow() {}

  PartitionLockRow(String scope, String partitionKey, long createdAt) {
    this.scope = scope;
    this.partitionKey = partitionKey;
    this.createdAt = createdAt;
  }

  /** Composite key (scope, partition_key). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String scope;
    private String partitionKey;

    public Key() {}

    public Key(String scope, String partitionKey) {
      this.scope = scope;
      this.partitionKey = partitionKey;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && scope.equals(k.scope) && partitionKey.equals(k.partitionKey);
    }

    @Override
    public int hashCode() {
      return Objects.hash(scope, partitionKey);
    }
  }
}
