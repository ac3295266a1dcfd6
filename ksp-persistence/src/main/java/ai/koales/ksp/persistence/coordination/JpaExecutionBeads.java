package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.AtomEdge;
import ai.koales.ksp.domain.coordination.BeadStatus;
import ai.koales.ksp.domain.coordination.ExecutionBead;
import ai.koales.ksp.domain.coordination.ExecutionBeadRepository;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Execution beads and the run DAG on JPA. Reads always go to the database and refresh what the
 * persistence context holds ({@code eclipselink.refresh}): transitions are written by conditional
 * UPDATEs that bypass the context, so a cached instance would be stale.
 */
@ApplicationScoped
public class JpaExecutionBeads implements ExecutionBeadRepository {

  static final String REFRESH = "eclipselink.refresh";

  private static final int IN_CHUNK = 500;

  /**
   * Oldest first. The columns the WHERE clause fixes lead the ORDER BY so that H2 walks index
   * {@code ix_execution_bead_ready} in order and stops at the first row, instead of sorting every
   * claimable bead of the run.
   */
  static final String CLAIMABLE_ORDER =
      " ORDER BY b.runId, b.status, b.pendingParents, b.createdAt, b.id";

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  private TypedQuery<ExecutionBeadRow> beads(String jpql) {
    return em.createQuery(jpql, ExecutionBeadRow.class).setHint(REFRESH, "true");
  }

  @Override
  public Optional<ExecutionBead> find(String runId, String beadId) {
    return beads("SELECT b FROM ExecutionBeadRow b WHERE b.runId = :run AND b.id = :id")
        .setParameter("run", runId)
        .setParameter("id", beadId)
        .getResultStream()
        .findFirst()
        .map(ExecutionBeadRow::toBead);
  }

  @Override
  public Map<String, BeadStatus> statuses(String runId, Collection<String> ids) {
    Map<String, BeadStatus> out = new HashMap<>();
    List<String> all = new ArrayList<>(ids);
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      for (Object[] r :
          em.createQuery(
                  "SELECT b.id, b.status FROM ExecutionBeadRow b WHERE b.runId = :run"
                      + " AND b.id IN :ids",
                  Object[].class)
              .setParameter("run", runId)
              .setParameter("ids", all.subList(i, Math.min(all.size(), i + IN_CHUNK)))
              .getResultList()) {
        out.put((String) r[0], BeadStatus.valueOf((String) r[1]));
      }
    }
    return out;
  }

  @Override
  public void insert(List<ExecutionBead> beads, List<AtomEdge> edges) {
    for (ExecutionBead b : beads) {
      em.persist(ExecutionBeadRow.of(b));
    }
    // Edges reference both beads by foreign key: the beads must be inserted first.
    em.flush();
    for (AtomEdge e : edges) {
      em.persist(new AtomEdgeRow(beads.get(0).runId(), e.parentId(), e.childId()));
    }
    em.flush();
  }

  /**
   * Bookkeeping, not a transition: the children's version is left alone, so that a child loaded in
   * this transaction can still be compared-and-set (the run's lock excludes other writers).
   */
  @Override
  public void parentSatisfied(String runId, String parentId) {
    List<String> children =
        em.createQuery(
                "SELECT e.childId FROM AtomEdgeRow e WHERE e.runId = :run AND e.parentId = :parent",
                String.class)
            .setParameter("run", runId)
            .setParameter("parent", parentId)
            .getResultList();
    // One primary-key update per child, not "id IN (…)": H2 2.2 answers an IN list on the second
    // key column by scanning the whole run, which made every release slower as the run grew.
    Query decrement =
        em.createQuery(
                "UPDATE ExecutionBeadRow b SET b.pendingParents = b.pendingParents - 1"
                    + " WHERE b.runId = :run AND b.id = :id")
            .setParameter("run", runId);
    for (String child : children) {
      decrement.setParameter("id", child).executeUpdate();
    }
  }

  @Override
  public List<String> parentIds(String runId, String beadId) {
    return em.createQuery(
            "SELECT e.parentId FROM AtomEdgeRow e WHERE e.runId = :run AND e.childId = :id"
                + " ORDER BY e.parentId",
            String.class)
        .setParameter("run", runId)
        .setParameter("id", beadId)
        .getResultList();
  }

  /** Parents of many beads at once (for listings). */
  Map<String, List<String>> parentIds(String runId, Collection<String> beadIds) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(beadIds);
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      List<Object[]> rows =
          em.createQuery(
                  "SELECT e.childId, e.parentId FROM AtomEdgeRow e WHERE e.runId = :run"
                      + " AND e.childId IN :ids ORDER BY e.childId, e.parentId",
                  Object[].class)
              .setParameter("run", runId)
              .setParameter("ids", all.subList(i, Math.min(all.size(), i + IN_CHUNK)))
              .getResultList();
      for (Object[] r : rows) {
        out.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((String) r[1]);
      }
    }
    return out;
  }

  /**
   * INV-C1: the transition is one conditional UPDATE against the row as it was loaded (status and
   * version); a claim's condition also requires that no parent is unsatisfied (INV-C2). A row count
   * other than 1 means the row changed or a parent is not done: nothing was written.
   */
  @Override
  public boolean compareAndSet(ExecutionBead bead, boolean parentGate, boolean continueOnFailure) {
    StringBuilder sql =
        new StringBuilder(
            "UPDATE execution_bead SET status = ?, assigned_to = ?, attempt_count = ?,"
                + " result = ?, updated_at = ?, lease_token = ?,"
                // Typed explicitly so that a NULL binds on PostgreSQL as well as on H2.
                + " last_heartbeat_at = CAST(? AS BIGINT), session_id = ?,"
                + " ks_execution_bead_id = ?, tool_call_count = ?, version = version + 1"
                + " WHERE run_id = ? AND id = ? AND status = ? AND version = ?");
    if (parentGate) {
      sql.append(
          " AND NOT EXISTS (SELECT 1 FROM atom_edge e JOIN execution_bead p"
              + " ON p.run_id = e.run_id AND p.id = e.parent_id"
              + " WHERE e.run_id = ? AND e.child_id = ? AND p.status <> 'DONE'");
      sql.append(continueOnFailure ? " AND p.status <> 'FAILED')" : ")");
    }
    var q = em.createNativeQuery(sql.toString());
    int i = 1;
    q.setParameter(i++, bead.status().name());
    q.setParameter(i++, bead.assignedTo());
    q.setParameter(i++, bead.attemptCount());
    q.setParameter(i++, bead.result() == null ? null : JsonValues.write(bead.result()));
    q.setParameter(i++, bead.updatedAt());
    q.setParameter(i++, bead.leaseToken());
    q.setParameter(i++, bead.lastHeartbeatAt());
    q.setParameter(i++, bead.sessionId());
    q.setParameter(i++, bead.executionBeadId());
    q.setParameter(i++, bead.toolCallCount());
    q.setParameter(i++, bead.runId());
    q.setParameter(i++, bead.id());
    q.setParameter(i++, bead.storedStatus().name());
    q.setParameter(i++, bead.storedVersion());
    if (parentGate) {
      q.setParameter(i++, bead.runId());
      q.setParameter(i++, bead.id());
    }
    return q.executeUpdate() == 1;
  }

  @Override
  public Optional<ExecutionBead> firstClaimable(String runId, Set<String> roles) {
    TypedQuery<ExecutionBeadRow> q =
        beads(
                "SELECT b FROM ExecutionBeadRow b WHERE b.runId = :run AND b.status = 'READY'"
                    + " AND b.pendingParents = 0"
                    + (roles.isEmpty() ? "" : " AND b.role IN :roles")
                    + CLAIMABLE_ORDER)
            .setParameter("run", runId)
            .setMaxResults(1);
    if (!roles.isEmpty()) {
      q.setParameter("roles", roles);
    }
    return q.getResultStream().findFirst().map(ExecutionBeadRow::toBead);
  }

  @Override
  public Optional<ExecutionBead> firstClaimableInMolecule(String runId, String moleculeId) {
    return beads(
            "SELECT b FROM ExecutionBeadRow b WHERE b.runId = :run AND b.moleculeId = :molecule"
                + " AND b.status = 'READY' AND b.pendingParents = 0"
                + CLAIMABLE_ORDER)
        .setParameter("run", runId)
        .setParameter("molecule", moleculeId)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .map(ExecutionBeadRow::toBead);
  }

  @Override
  public long countInMolecule(String runId, String moleculeId) {
    return em.createQuery(
            "SELECT COUNT(b) FROM ExecutionBeadRow b WHERE b.runId = :run"
                + " AND b.moleculeId = :molecule",
            Long.class)
        .setParameter("run", runId)
        .setParameter("molecule", moleculeId)
        .getSingleResult();
  }

  @Override
  public Map<String, BeadStatus> statusesInMolecule(String runId, String moleculeId) {
    Map<String, BeadStatus> out = new LinkedHashMap<>();
    for (Object[] r :
        em.createQuery(
                "SELECT b.id, b.status FROM ExecutionBeadRow b WHERE b.runId = :run"
                    + " AND b.moleculeId = :molecule ORDER BY b.createdAt, b.id",
                Object[].class)
            .setParameter("run", runId)
            .setParameter("molecule", moleculeId)
            .getResultList()) {
      out.put((String) r[0], BeadStatus.valueOf((String) r[1]));
    }
    return out;
  }

  @Override
  public List<ExecutionBead> claimableChildren(String runId, String parentId) {
    return beads(
            "SELECT b FROM AtomEdgeRow c, ExecutionBeadRow b WHERE c.runId = :run"
                + " AND c.parentId = :parent AND b.runId = c.runId AND b.id = c.childId"
                + " AND b.status = 'READY' AND b.pendingParents = 0 ORDER BY b.createdAt, b.id")
        .setParameter("run", runId)
        .setParameter("parent", parentId)
        .getResultList()
        .stream()
        .map(ExecutionBeadRow::toBead)
        .toList();
  }

  @Override
  public boolean anyClaimable(String runId) {
    return firstClaimable(runId, Set.of()).isPresent();
  }

  @Override
  public List<String> failedIds(String runId) {
    return em.createQuery(
            "SELECT b.id FROM ExecutionBeadRow b WHERE b.runId = :run AND b.status = 'FAILED'"
                + " ORDER BY b.id",
            String.class)
        .setParameter("run", runId)
        .getResultList();
  }

  @Override
  public List<String> runsWithStaleBeads(long cutoff, int limit) {
    return em.createQuery(
            "SELECT DISTINCT b.runId FROM ExecutionBeadRow b WHERE b.status = 'IN_PROGRESS'"
                + " AND b.lastHeartbeatAt < :cutoff",
            String.class)
        .setParameter("cutoff", cutoff)
        .setMaxResults(limit)
        .getResultList();
  }

  @Override
  public List<ExecutionBead> staleInRun(String runId, long cutoff) {
    return beads(
            "SELECT b FROM ExecutionBeadRow b WHERE b.runId = :run AND b.status = 'IN_PROGRESS'"
                + " AND b.lastHeartbeatAt < :cutoff ORDER BY b.id")
        .setParameter("run", runId)
        .setParameter("cutoff", cutoff)
        .getResultList()
        .stream()
        .map(ExecutionBeadRow::toBead)
        .toList();
  }

  /** A page of the run's beads in seeding order, optionally of one status. */
  List<ExecutionBead> page(String runId, BeadStatus status, String afterId, int limit) {
    StringBuilder jpql = new StringBuilder("SELECT b FROM ExecutionBeadRow b WHERE b.runId = :run");
    if (status != null) {
      jpql.append(" AND b.status = :status");
    }
    if (afterId != null) {
      jpql.append(
          " AND (b.createdAt > (SELECT a.createdAt FROM ExecutionBeadRow a WHERE a.runId = :run"
              + " AND a.id = :after) OR (b.createdAt = (SELECT a2.createdAt FROM ExecutionBeadRow"
              + " a2 WHERE a2.runId = :run AND a2.id = :after) AND b.id > :after))");
    }
    jpql.append(" ORDER BY b.createdAt, b.id");
    TypedQuery<ExecutionBeadRow> q = beads(jpql.toString()).setParameter("run", runId);
    if (status != null) {
      q.setParameter("status", status.name());
    }
    if (afterId != null) {
      q.setParameter("after", afterId);
    }
    return q.setMaxResults(limit).getResultList().stream().map(ExecutionBeadRow::toBead).toList();
  }
}
