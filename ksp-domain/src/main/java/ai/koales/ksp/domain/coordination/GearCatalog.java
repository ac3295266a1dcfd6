package ai.koales.ksp.domain.coordination;

import java.util.Optional;

/** The gears registered in an org, {@link Gear#DEFAULT} included, and the org's formulas. */
public interface GearCatalog {
  Optional<Gear> resolve(String orgId, String gearId);

  Optional<GearFormula> formula(String orgId, String formulaId);
}
