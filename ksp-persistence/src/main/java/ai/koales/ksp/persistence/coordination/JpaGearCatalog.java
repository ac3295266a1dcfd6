package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.Gear;
import ai.koales.ksp.domain.coordination.GearCatalog;
import ai.koales.ksp.domain.coordination.GearFormula;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/**
 * Gears in table {@code gear}, with the built-in {@link Gear#DEFAULT} in every org, and formulas in
 * table {@code gear_formula}.
 */
@ApplicationScoped
public class JpaGearCatalog implements GearCatalog {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Override
  public Optional<Gear> resolve(String orgId, String gearId) {
    if (Gear.DEFAULT_ID.equals(gearId)) {
      return Optional.of(Gear.DEFAULT);
    }
    if (gearId == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(GearRow.class, new GearRow.Key(orgId, gearId)))
        .map(GearRow::toGear);
  }

  @Override
  public Optional<GearFormula> formula(String orgId, String formulaId) {
    if (formulaId == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(FormulaRow.class, new FormulaRow.Key(orgId, formulaId)))
        .map(FormulaRow::toFormula);
  }
}
