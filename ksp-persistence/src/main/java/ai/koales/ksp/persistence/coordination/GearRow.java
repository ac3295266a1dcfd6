package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.Gear;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.util.Objects;

/** A gear registered in an org (table {@code gear}); the definition is its validated JSON. */
@Entity
@Table(name = "gear")
@IdClass(GearRow.Key.class)
public class GearRow {

  @Id
  @Column(name = "org_id", length = 200)
  private String orgId;

  @Id
  @Column(name = "gear_id", length = 200)
  private String gearId;

  @Column(name = "name", nullable = false, length = 400)
  private String name;

  @Column(name = "role", nullable = false, length = 16)
  private String role;

  @Column(name = "definition", nullable = false)
  private String definition;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected GearRow() {}

  GearRow(String orgId, Gear gear, long now) {
    this.orgId = orgId;
    this.gearId = gear.id();
    this.createdAt = now;
    replace(gear, now);
  }

  void replace(Gear gear, long now) {
    name = gear.name();
    role = gear.role().wireName();
    definition = JsonValues.write(gear.toMap());
    updatedAt = now;
  }

  Gear toGear() {
    return Gear.parse(gearId, JsonValues.parseObject(definition));
  }

  /** Composite key (org_id, gear_id). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String orgId;
    private String gearId;

    public Key() {}

    public Key(String orgId, String gearId) {
      this.orgId = orgId;
      this.gearId = gearId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && orgId.equals(k.orgId) && gearId.equals(k.gearId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(orgId, gearId);
    }
  }
}
