package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.ExecutorKind;
import ai.koales.ksp.domain.coordination.Run;
import ai.koales.ksp.domain.coordination.RunRepository;
import ai.koales.ksp.persistence.platform.SqlDialect;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Runs in table {@code coordinator_run}. */
@ApplicationScoped
public class JpaRuns implements RunRepository {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject SqlDialect dialect;

  @Override
  public Optional<Run> find(String runId) {
    return Optional.ofNullable(em.find(RunRow.class, runId)).map(RunRow::toRun);
  }

  @Override
  public Optional<Run> lock(String runId) {
    // Pessimistic lock: the run row serialises every writer of this run until commit (BR-KSP-11).
    return Optional.ofNullable(em.find(RunRow.class, runId, LockModeType.PESSIMISTIC_WRITE))
        .map(RunRow::toRun);
  }

  @Override
  public void add(Run run) {
    em.persist(RunRow.of(run));
    // Written now: a pessimistic find later in this transaction (bindStream, seed of the same run,
    // as mediation does in one transaction) reads the database, not the persistence context.
    em.flush();
  }

  @Override
  public void save(Run run) {
    RunRow row = em.find(RunRow.class, run.runId());
    row.copyFrom(run);
  }

  @Override
  public Optional<String> formulaOf(String runId, String moleculeId) {
    return Optional.ofNullable(
            em.find(GearMoleculeRow.class, new GearMoleculeRow.Key(runId, moleculeId)))
        .map(GearMoleculeRow::formulaId);
  }

  @Override
  public void bindFormula(String runId, String moleculeId, String formulaId, long now) {
    em.persist(new GearMoleculeRow(runId, moleculeId, formulaId, now));
  }

  /** A claimable bead: READY, of one of the roles, with every parent satisfied. */
  private static String claimable(Set<String> roles) {
    return "b.status = 'READY' AND b.pending_parents = 0"
        + (roles.isEmpty() ? "" : " AND b.role IN (" + "?,".repeat(roles.size() - 1) + "?)");
  }

  private Optional<String> firstRunId(String sql, String orgId, Set<String> roles) {
    Query q = em.createNativeQuery(sql);
    List<Object> params = new ArrayList<>(List.of(orgId, ExecutorKind.EXTERNAL.wireName()));
    params.addAll(roles);
    for (int i = 0; i < params.size(); i++) {
      q.setParameter(i + 1, params.get(i));
    }
    List<?> rows = q.getResultList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(String.valueOf(rows.get(0)));
  }

  @Override
  public Optional<String> lockAnyClaimable(String orgId, Set<String> roles) {
    if (!dialect.isPostgres()) {
      return Optional.empty();
    }
    return firstRunId(
        "SELECT r.run_id FROM coordinator_run r WHERE r.org_id = ? AND r.executor = ?"
            + " AND r.status IN ('SEEDED', 'RUNNING')"
            + " AND EXISTS (SELECT 1 FROM execution_bead b WHERE b.run_id = r.run_id AND "
            + claimable(roles)
            + ") ORDER BY r.created_at, r.run_id LIMIT 1"
            // Claimers skip the runs other claimers hold locked instead of queueing behind them;
            // when every candidate is locked, the caller falls back to a plain (blocking) lock.
            + " FOR UPDATE OF r SKIP LOCKED",
        orgId,
        roles);
  }

  @Override
  public Optional<String> findClaimable(String orgId, Set<String> roles) {
    return firstRunId(
        "SELECT r.run_id FROM coordinator_run r WHERE r.org_id = ? AND r.executor = ?"
            + " AND r.status IN ('SEEDED', 'RUNNING')"
            + " AND EXISTS (SELECT 1 FROM execution_bead b WHERE b.run_id = r.run_id AND "
            + claimable(roles)
            + ") ORDER BY r.created_at, r.run_id FETCH FIRST 1 ROWS ONLY",
        orgId,
        roles);
  }

  /** The runs of an org, newest first (for listings). */
  /**
   * Newest first, then by id; after the run ({@code afterCreated}, {@code afterRunId}) if given.
   */
  List<Run> ofOrg(String orgId, Long afterCreated, String afterRunId, int limit) {
    TypedQuery<RunRow> q =
        em.createQuery(
                "SELECT r FROM RunRow r WHERE r.orgId = :org"
                    + (afterCreated == null
                        ? ""
                        : " AND (r.createdAt < :c OR (r.createdAt = :c AND r.runId > :id))")
                    + " ORDER BY r.createdAt DESC, r.runId",
                RunRow.class)
            .setParameter("org", orgId);
    if (afterCreated != null) {
      q.setParameter("c", afterCreated).setParameter("id", afterRunId);
    }
    return q.setMaxResults(limit).getResultList().stream().map(RunRow::toRun).toList();
  }
}
