package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.ExecutorKind;
import ai.koales.ksp.domain.coordination.Run;
import ai.koales.ksp.domain.coordination.RunRepository;
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
  }

  @Override
  public void save(Run run) {
    RunRow row = em.find(RunRow.class, run.runId());
    row.copyFrom(run);
  }

  @Override
  public Optional<String> lockAnyClaimable(String orgId, Set<String> roles) {
    if (!dialect.isPostgres()) {
      return Optional.empty();
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT r.run_id FROM coordinator_run r WHERE r.org_id = ? AND r.executor = ?"
                + " AND EXISTS (SELECT 1 FROM execution_bead b WHERE b.run_id = r.run_id"
                + " AND b.status = 'READY'");
    List<Object> params = new ArrayList<>(List.of(orgId, ExecutorKind.EXTERNAL.wireName()));
    if (!roles.isEmpty()) {
      sql.append(" AND b.role IN (").append("?,".repeat(roles.size() - 1)).append("?)");
      params.addAll(roles);
    }
    sql.append(
        " AND NOT EXISTS (SELECT 1 FROM atom_edge e JOIN execution_bead p"
            + " ON p.run_id = e.run_id AND p.id = e.parent_id"
            + " WHERE e.run_id = b.run_id AND e.child_id = b.id AND p.status <> 'DONE'"
            + " AND NOT (p.status = 'FAILED' AND r.continue_on_failure)))"
            // Claimers skip the runs other claimers hold locked instead of queueing behind them;
            // when every candidate is locked, the caller falls back to a plain (blocking) lock.
            + " ORDER BY r.created_at, r.run_id LIMIT 1 FOR UPDATE OF r SKIP LOCKED");
    Query q = em.createNativeQuery(sql.toString());
    for (int i = 0; i < params.size(); i++) {
      q.setParameter(i + 1, params.get(i));
    }
    List<?> rows = q.getResultList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(String.valueOf(rows.get(0)));
  }

  @Override
  public Optional<String> findClaimable(String orgId, Set<String> roles) {
    TypedQuery<String> q =
        em.createQuery(
                "SELECT b.runId FROM ExecutionBeadRow b, RunRow r WHERE r.runId = b.runId"
                    + " AND r.orgId = :org AND r.executor = :executor AND b.status = 'READY'"
                    + (roles.isEmpty() ? "" : " AND b.role IN :roles")
                    + " AND NOT EXISTS (SELECT e FROM AtomEdgeRow e, ExecutionBeadRow p"
                    + " WHERE e.runId = b.runId AND e.childId = b.id AND p.runId = e.runId"
                    + " AND p.id = e.parentId AND p.status <> 'DONE'"
                    + " AND NOT (p.status = 'FAILED' AND r.continueOnFailure = TRUE))"
                    + " ORDER BY b.createdAt, b.runId, b.id",
                String.class)
            .setParameter("org", orgId)
            .setParameter("executor", ExecutorKind.EXTERNAL.wireName())
            .setMaxResults(1);
    if (!roles.isEmpty()) {
      q.setParameter("roles", roles);
    }
    return q.getResultStream().findFirst();
  }

  /** The runs of an org, newest first (for listings). */
  List<Run> ofOrg(String orgId, int limit) {
    return em
        .createQuery(
            "SELECT r FROM RunRow r WHERE r.orgId = :org ORDER BY r.createdAt DESC, r.runId",
            RunRow.class)
        .setParameter("org", orgId)
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(RunRow::toRun)
        .toList();
  }
}
