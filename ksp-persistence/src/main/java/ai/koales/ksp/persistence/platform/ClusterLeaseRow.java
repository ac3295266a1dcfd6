package ai.koales.ksp.persistence.platform;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Who runs a cluster-wide periodic job, until when. */
@Entity
@Table(name = "cluster_lease")
public class ClusterLeaseRow {

  @Id
  @Column(name = "lease_name", length = 100)
  private String name;

  @Column(name = "holder", nullable = false, length = 200)
  private String holder;

  @Column(name = "expires_at", nullable = false)
  private long expiresAt;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected ClusterLeaseRow() {}

  ClusterLeaseRow(String name, String holder, long expiresAt) {
    this.name = name;
    this.holder = holder;
    this.expiresAt = expiresAt;
  }

  /** Takes or renews the lease for {@code node}; false while another node holds a live lease. */
  boolean acquire(String node, long now, long until) {
    if (!holder.equals(node) && expiresAt > now) {
      return false;
    }
    holder = node;
    expiresAt = until;
    return true;
  }

  String holder() {
    return holder;
  }
}
