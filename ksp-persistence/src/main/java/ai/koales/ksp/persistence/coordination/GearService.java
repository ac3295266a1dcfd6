package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.BuiltInGearException;
import ai.koales.ksp.domain.coordination.FormulaNotFoundException;
import ai.koales.ksp.domain.coordination.Gear;
import ai.koales.ksp.domain.coordination.GearFormula;
import ai.koales.ksp.domain.coordination.GearNotFoundException;
import ai.koales.ksp.domain.coordination.UnknownGearException;
import ai.koales.ksp.persistence.platform.PartitionLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Gears and formulas of an org (coordination.md §1.3, api.md "Coordination"): registration by PUT
 * (create or replace) and reads. Mediation resolves gears through {@link #resolve}.
 */
@ApplicationScoped
public class GearService {

  /** Partition scope of an org's gear and formula registry. */
  static final String GEARS = "gears";

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject JpaGearCatalog catalog;
  @Inject PartitionLocks partitions;
  @Inject Clock clock;

  /** A stored or replaced definition, and whether it was created. */
  public record Put<T>(T value, boolean created) {}

  /** Registers or replaces gear {@code gearId}; the body is validated first (§1.3). */
  @Transactional
  public Put<Gear> putGear(String orgId, String gearId, Object definition) {
    if (Gear.DEFAULT_ID.equals(gearId)) {
      throw new BuiltInGearException(gearId);
    }
    Gear gear = Gear.parse(gearId, definition);
    // Serialises registrations of one org, so concurrent first PUTs of a gear do not both insert.
    partitions.lock(GEARS, orgId);
    long now = clock.millis();
    GearRow row = em.find(GearRow.class, new GearRow.Key(orgId, gearId));
    if (row == null) {
      em.persist(new GearRow(orgId, gear, now));
      return new Put<>(gear, true);
    }
    row.replace(gear, now);
    return new Put<>(gear, false);
  }

  /** The gear, the built-in GEAR-default included; 404 {@code gear-not-found} otherwise. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Gear gear(String orgId, String gearId) {
    return catalog.resolve(orgId, gearId).orElseThrow(() -> new GearNotFoundException(gearId));
  }

  /**
   * For Mediation (step 3): the gear an atom names, or {@link UnknownGearException} ({@code
   * gear:{gearId}} is not registered).
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Gear resolve(String orgId, String gearId) {
    return catalog.resolve(orgId, gearId).orElseThrow(() -> new UnknownGearException(gearId));
  }

  /** Registers or replaces formula {@code formulaId}; every gear it names must be registered. */
  @Transactional
  public Put<GearFormula> putFormula(String orgId, String formulaId, Object definition) {
    GearFormula formula = GearFormula.parse(formulaId, definition);
    for (String gearId : formula.gearIds()) {
      if (catalog.resolve(orgId, gearId).isEmpty()) {
        throw new UnknownGearException(gearId);
      }
    }
    partitions.lock(GEARS, orgId);
    long now = clock.millis();
    FormulaRow row = em.find(FormulaRow.class, new FormulaRow.Key(orgId, formulaId));
    if (row == null) {
      em.persist(new FormulaRow(orgId, formula, now));
      return new Put<>(formula, true);
    }
    row.replace(formula, now);
    return new Put<>(formula, false);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public GearFormula formula(String orgId, String formulaId) {
    return catalog
        .formula(orgId, formulaId)
        .orElseThrow(() -> new FormulaNotFoundException(formulaId));
  }
}
