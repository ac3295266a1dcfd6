package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.GearFormula;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.util.Objects;

/** A formula registered in an org (table {@code gear_formula}). */
@Entity
@Table(name = "gear_formula")
@IdClass(FormulaRow.Key.class)
public class FormulaRow {

  @Id
  @Column(name = "org_id", length = 200)
  private String orgId;

  @Id
  @Column(name = "formula_id", length = 200)
  private String formulaId;

  @Column(name = "name", nullable = false, length = 400)
  private String name;

  @Column(name = "definition", nullable = false)
  private String definition;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected FormulaRow() {}

  FormulaRow(String orgId, GearFormula formula, long now) {
    this.orgId = orgId;
    this.formulaId = formula.id();
    this.createdAt = now;
    replace(formula, now);
  }

  void replace(GearFormula formula, long now) {
    name = formula.name();
    definition = JsonValues.write(formula.toMap());
    updatedAt = now;
  }

  GearFormula toFormula() {
    return GearFormula.parse(formulaId, JsonValues.parseObject(definition));
  }

  /** Composite key (org_id, formula_id). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String orgId;
    private String formulaId;

    public Key() {}

    public Key(String orgId, String formulaId) {
      this.orgId = orgId;
      this.formulaId = formulaId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && orgId.equals(k.orgId) && formulaId.equals(k.formulaId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(orgId, formulaId);
    }
  }
}
