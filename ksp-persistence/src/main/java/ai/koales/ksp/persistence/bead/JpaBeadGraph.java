package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.AlreadySupersededException;
import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadGraph;
import ai.koales.ksp.domain.bead.BeadId;
import ai.koales.ksp.domain.bead.BeadType;
import ai.koales.ksp.domain.bead.BeadWrite;
import ai.koales.ksp.domain.bead.CacheKeys;
import ai.koales.ksp.domain.bead.FailSafeCache;
import ai.koales.ksp.domain.bead.KnowingStateCache;
import ai.koales.ksp.domain.bead.UnknownParentException;
import ai.koales.ksp.persistence.platform.AfterCommit;
import ai.koales.ksp.persistence.platform.PartitionLocks;
import ai.koales.ksp.persistence.platform.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The bead graph on JPA (core.md §4.1, §7). Every write locks the org's partition row first, so the
 * writers of one org are serialised (the original's one Durable Object per org) and an
 * insert-if-absent is a plain find-then-persist; readers take no lock. Reads are read-only queries
 * (no change tracking: beads never change) whose rows become domain beads through {@link
 * ParsedBeads}.
 */
@ApplicationScoped
public class JpaBeadGraph implements BeadGraph {

  /** The "not superseded" test, shared by the head queries. */
  static final String NOT_SUPERSEDED =
      " NOT EXISTS (SELECT e FROM BeadEdgeRow e WHERE e.orgId = b.orgId AND e.parentId = b.beadId"
          + " AND e.rel = 'supersedes') ";

  static final String READ_ONLY = "eclipselink.read-only";

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject PartitionLocks partitions;
  @Inject AfterCommit afterCommit;
  @Inject KnowingStateCache cache;
  @Inject ParsedBeads parsed;

  /** The same datasource as the persistence unit: inside a transaction, the same connection. */
  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public WriteResult write(BeadWrite write) {
    // Single writer per org: serialises this org's writes until commit. Taken before this write
    // opens its own handle: the org's first lock creates its row in a transaction of its own.
    partitions.lock(PartitionLocks.BEAD_GRAPH, write.bead().orgId());
    // Then one handle on the transaction's connection for the checks and the inserts: every
    // getConnection() inside a transaction goes through the pool's lookup of the enlisted
    // connection.
    Stored stored;
    try (Connection c = dataSource.getConnection()) {
      stored = write(c, write);
    } catch (SQLException e) {
      throw new PersistenceException("Could not write bead " + write.bead().id(), e);
    }
    if (!stored.invalidation().isEmpty()) {
      afterCommit.run(() -> stored.invalidation().applyTo(new FailSafeCache(cache)));
    }
    return stored.result();
  }

  /**
   * The same write (lock, checks, rows) in a local JDBC transaction of its own, for a caller that
   * has nothing else to commit with it and runs outside any JTA transaction (a governance bead from
   * the API). Measured in-process on H2: the container's transaction (enlisting the pooled
   * connection, two-phase bookkeeping, the interceptors) cost more CPU than the write's own
   * inserts. The cache is invalidated after the commit, before this returns, as with {@link
   * #write}.
   */
  public WriteResult writeAlone(BeadWrite write) {
    String org = write.bead().orgId();
    for (int attempt = 0; ; attempt++) {
      Stored stored;
      ReentrantLock local = LOCAL_WRITERS[Math.floorMod(org.hashCode(), LOCAL_WRITERS.length)];
      local.lock();
      try (Connection c = dataSource.getConnection()) {
        stored = inLocalTransaction(c, write);
      } catch (SQLException e) {
        throw new PersistenceException("Could not write bead " + write.bead().id(), e);
      } finally {
        local.unlock();
      }
      if (stored != null) {
        if (!stored.invalidation().isEmpty()) {
          stored.invalidation().applyTo(new FailSafeCache(cache));
        }
        return stored.result();
      }
      if (attempt > 0) {
        throw new IllegalStateException("Partition row of org " + org + " could not be created");
      }
      // The org's first write: its partition row is created with no handle of ours open.
      partitions.create(PartitionLocks.BEAD_GRAPH, org);
    }
  }

  /**
   * This node's {@link #writeAlone} writers of one org queue here before they queue on the org's
   * partition row, which still serialises them with other nodes and with container transactions
   * ({@link #write}). A thread parked here holds no pooled connection and is woken alone when the
   * lock is free; a thread waiting on the row lock holds a connection and an open transaction
   * (enough writers of one org would empty the pool for every other org), and the database wakes
   * every waiter of the row at each commit (H2: all of them retry, one wins). Striped: an org may
   * share its stripe with another org of this node, rarely at this size. Always taken before the
   * row lock and never with another stripe, so it adds no deadlock.
   */
  private static final ReentrantLock[] LOCAL_WRITERS = new ReentrantLock[1024];

  static {
    for (int i = 0; i < LOCAL_WRITERS.length; i++) {
      LOCAL_WRITERS[i] = new ReentrantLock();
    }
  }

  /** Null when the org has no partition row yet (nothing was written). */
  private Stored inLocalTransaction(Connection c, BeadWrite write) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      if (!partitions.tryLock(c, PartitionLocks.BEAD_GRAPH, write.bead().orgId())) {
        c.rollback();
        return null;
      }
      Stored stored = write(c, write);
      c.commit();
      return stored;
    } catch (RuntimeException | SQLException e) {
      try {
        c.rollback();
      } catch (SQLException rollbackFailed) {
        e.addSuppressed(rollbackFailed);
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** A write's result and the cache entries it makes stale once committed. */
  private record Stored(WriteResult result, CacheKeys.Invalidation invalidation) {}

  private Stored write(Connection c, BeadWrite write) {
    Bead bead = write.bead();
    String org = bead.orgId();

    List<String> present = existing(c, org, bead.id().value(), bead.parentIds());
    if (present.contains(bead.id().value())) {
      String audit = auditOf(org, bead.id().value()).orElse(bead.id().value());
      return new Stored(
          new WriteResult(bead.id(), new BeadId(audit), false), CacheKeys.Invalidation.NONE);
    }
    for (String parent : bead.parentIds()) {
      if (!present.contains(parent)) {
        throw new UnknownParentException(org, parent);
      }
    }
    if (write.supersedes() != null) {
      Bead superseded =
          find(org, write.supersedes().value())
              .orElseThrow(() -> new UnknownParentException(org, write.supersedes().value()));
      write.checkSupersedable(superseded);
      Optional<String> by = supersededBy(org, superseded.id().value());
      if (by.isPresent()) {
        throw new AlreadySupersededException(superseded.id().value(), by.get());
      }
    }
    write.revokes().ifPresent(id -> write.checkRevocable(find(org, id)));

    // The bead is new, so its audit bead (which names it) is new too. Write-once rows need no
    // change tracking: they go straight to the transaction's connection as one batch per table.
    Bead audit = write.audit();
    List<Bead> rows = audit == null ? List.of(bead) : List.of(bead, audit);
    List<String[]> edges = new ArrayList<>();
    for (String parent : bead.parentIds()) {
      edges.add(new String[] {bead.id().value(), parent, BeadEdgeRow.PARENT});
    }
    if (write.supersedes() != null) {
      edges.add(
          new String[] {bead.id().value(), write.supersedes().value(), BeadEdgeRow.SUPERSEDES});
    }
    if (audit != null) {
      edges.add(new String[] {audit.id().value(), bead.id().value(), BeadEdgeRow.AUDITS});
    }
    insert(c, org, rows, edges);
    return new Stored(
        new WriteResult(bead.id(), audit == null ? bead.id() : audit.id(), true),
        CacheKeys.after(bead));
  }

  @Override
  public Optional<Bead> find(String orgId, String beadId) {
    if (!BeadId.isWellFormed(beadId)) {
      return Optional.empty();
    }
    BeadRow r = row(orgId, beadId);
    return r == null ? Optional.empty() : Optional.of(parsed.of(r));
  }

  private static final String INSERT_BEAD =
      "INSERT INTO bead (org_id, bead_id, bead_type, parent_ids, content, written_by, ts, subject_id,"
          + " subject_type, status, role_id, scope, trust_score, target_bead_id, revokes)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_EDGE =
      "INSERT INTO bead_edge (org_id, child_id, parent_id, rel) VALUES (?, ?, ?, ?)";

  /** Beads before edges: the edges reference both ends by foreign key. */
  private void insert(Connection c, String org, List<Bead> beads, List<String[]> edges) {
    try (PreparedStatement b = c.prepareStatement(INSERT_BEAD);
        PreparedStatement e = c.prepareStatement(INSERT_EDGE)) {
      for (Bead bead : beads) {
        BeadRow r = BeadRow.of(bead);
        r.bind(b);
        b.addBatch();
      }
      b.executeBatch();
      for (String[] edge : edges) {
        e.setString(1, org);
        e.setString(2, edge[0]);
        e.setString(3, edge[1]);
        e.setString(4, edge[2]);
        e.addBatch();
      }
      if (!edges.isEmpty()) {
        e.executeBatch();
      }
    } catch (SQLException ex) {
      throw new PersistenceException(
          "Could not store bead " + beads.get(0).id() + " of org " + org, ex);
    }
  }

  /**
   * Which of {@code beadId} and {@code parents} exist in the org: one primary-key lookup each. Not
   * one {@code bead_id IN (…)} query: H2 2.2 answers an IN list on the second column of a composite
   * key, with parameters, by scanning every row of the org (measured: 1.4 ms at 20,000 beads
   * against 4 µs for two point lookups), which made every write slower as the org grew.
   */
  private List<String> existing(Connection c, String org, String beadId, List<String> parents) {
    List<String> found = new ArrayList<>(1 + parents.size());
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM bead WHERE org_id = ? AND bead_id = ?")) {
      ps.setString(1, org);
      for (String id : concat(beadId, parents)) {
        ps.setString(2, id);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            found.add(id);
          }
        }
      }
      return found;
    } catch (SQLException ex) {
      throw new PersistenceException("Could not read beads of org " + org, ex);
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(1 + rest.size());
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private BeadRow row(String orgId, String beadId) {
    return em.find(BeadRow.class, new BeadRow.Key(orgId, beadId));
  }

  @Override
  public Optional<String> auditOf(String orgId, String beadId) {
    return em.createQuery(
            "SELECT e.childId FROM BeadEdgeRow e WHERE e.orgId = :org AND e.parentId = :id AND e.rel = 'audits'"
                + " ORDER BY e.childId",
            String.class)
        .setParameter("org", orgId)
        .setParameter("id", beadId)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  @Override
  public Optional<String> supersededBy(String orgId, String beadId) {
    return em.createQuery(
            "SELECT e.childId FROM BeadEdgeRow e WHERE e.orgId = :org AND e.parentId = :id AND e.rel = 'supersedes'",
            String.class)
        .setParameter("org", orgId)
        .setParameter("id", beadId)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  @Override
  public Optional<Bead> currentTrust(String orgId, String subjectId) {
    return beads(
            em.createQuery(
                    "SELECT b FROM BeadRow b WHERE b.orgId = :org AND b.beadType = 'trust' AND b.subjectId = :subject AND"
                        + NOT_SUPERSEDED
                        + "ORDER BY b.ts DESC, b.beadId",
                    BeadRow.class)
                .setParameter("org", orgId)
                .setParameter("subject", subjectId)
                .setMaxResults(1))
        .stream()
        .findFirst();
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Bead> trustHeads(String orgId, String subjectType) {
    // The newest unsuperseded trust bead of each subject, filtered by the head's own subject_type:
    // the unsuperseded trust beads in (subject, newest first) order, the first of each subject
    // kept here. (A ROW_NUMBER() window did the same in SQL at three times the cost on H2.)
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT b.subject_id, b.bead_id, b.parent_ids, b.content, b.written_by, b.ts,"
                    + " b.subject_type FROM bead b WHERE b.org_id = ?1 AND b.bead_type = 'trust'"
                    + " AND NOT EXISTS (SELECT 1 FROM bead_edge e WHERE e.org_id = b.org_id"
                    + " AND e.parent_id = b.bead_id AND e.rel = 'supersedes')"
                    + " ORDER BY b.subject_id, b.ts DESC, b.bead_id")
            .setParameter(1, orgId)
            .getResultList();
    List<Bead> out = new ArrayList<>();
    String subject = null;
    for (Object[] r : rows) {
      if (subject != null && subject.equals(r[0])) {
        continue;
      }
      subject = (String) r[0];
      if (subjectType != null && !subjectType.equals(r[6])) {
        continue;
      }
      out.add(
          parsed.of(
              orgId,
              (String) r[1],
              "trust",
              (String) r[2],
              (String) r[3],
              (String) r[4],
              ((Number) r[5]).longValue()));
    }
    return out;
  }

  @Override
  public List<Bead> policyCandidates(String orgId, Collection<String> scopes) {
    return beads(
        em.createQuery(
                "SELECT b FROM BeadRow b WHERE b.orgId = :org AND b.beadType = 'policy' AND b.scope IN :scopes AND"
                    + NOT_SUPERSEDED
                    + "ORDER BY b.ts DESC, b.beadId",
                BeadRow.class)
            .setParameter("org", orgId)
            .setParameter("scopes", List.copyOf(scopes)));
  }

  @Override
  public List<Bead> consentCandidates(String orgId, String roleId) {
    return beads(
        em.createQuery(
                "SELECT b FROM BeadRow b WHERE b.orgId = :org AND b.beadType = 'consent' AND b.roleId = :role AND"
                    + NOT_SUPERSEDED
                    + "AND NOT EXISTS (SELECT r FROM BeadRow r WHERE r.orgId = b.orgId AND r.beadType = 'consent'"
                    + " AND r.revokes = b.beadId) ORDER BY b.ts DESC, b.beadId",
                BeadRow.class)
            .setParameter("org", orgId)
            .setParameter("role", roleId));
  }

  @Override
  public List<Bead> openAmendments(String orgId) {
    return beads(
        em.createQuery(
                "SELECT b FROM BeadRow b WHERE b.orgId = :org AND b.beadType = 'amendment' AND b.status = 'PENDING' AND"
                    + NOT_SUPERSEDED
                    + "ORDER BY b.ts DESC, b.beadId",
                BeadRow.class)
            .setParameter("org", orgId));
  }

  /**
   * Beads of {@code type} that name any of {@code parentIds} as a parent, oldest first. One indexed
   * join per parent ({@code ix_bead_edge_parent}, then the primary key): an IN list of parents on
   * the edge index's second column would scan every edge of the org on H2 (see {@link #existing}).
   */
  @Override
  public List<Bead> childrenOf(String orgId, Collection<String> parentIds, BeadType type) {
    if (parentIds.isEmpty()) {
      return List.of();
    }
    Map<String, Bead> out = new LinkedHashMap<>();
    TypedQuery<BeadRow> q =
        em.createQuery(
                "SELECT b FROM BeadEdgeRow e, BeadRow b WHERE e.orgId = :org AND e.parentId = :parent"
                    + " AND e.rel = 'parent' AND b.orgId = e.orgId AND b.beadId = e.childId"
                    + " AND b.beadType = :type",
                BeadRow.class)
            .setParameter("org", orgId)
            .setParameter("type", type.wireName());
    for (String parent : new java.util.LinkedHashSet<>(parentIds)) {
      for (Bead b : beads(q.setParameter("parent", parent))) {
        out.putIfAbsent(b.id().value(), b);
      }
    }
    List<Bead> sorted = new ArrayList<>(out.values());
    sorted.sort(java.util.Comparator.comparingLong(Bead::ts).thenComparing(b -> b.id().value()));
    return sorted;
  }

  @Override
  public List<Bead> trustLineage(String orgId, String subjectId) {
    return beads(
        em.createQuery(
                "SELECT b FROM BeadRow b WHERE b.orgId = :org AND ((b.beadType = 'trust' AND b.subjectId = :subject)"
                    + " OR (b.beadType = 'amendment' AND b.targetBeadId IN (SELECT t.beadId FROM BeadRow t"
                    + " WHERE t.orgId = :org AND t.beadType = 'trust' AND t.subjectId = :subject)))"
                    + " ORDER BY b.ts, b.beadId",
                BeadRow.class)
            .setParameter("org", orgId)
            .setParameter("subject", subjectId));
  }

  /** Runs a bead query without change tracking and returns domain beads. */
  List<Bead> beads(TypedQuery<BeadRow> q) {
    List<Bead> out = new ArrayList<>();
    for (BeadRow r : q.setHint(READ_ONLY, "true").getResultList()) {
      out.add(parsed.of(r));
    }
    return out;
  }
}
