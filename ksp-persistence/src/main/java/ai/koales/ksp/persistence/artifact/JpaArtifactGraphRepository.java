package ai.koales.ksp.persistence.artifact;

import ai.koales.ksp.domain.artifact.Adjacency;
import ai.koales.ksp.domain.artifact.ArtifactEdge;
import ai.koales.ksp.domain.artifact.ArtifactGraphRepository;
import ai.koales.ksp.domain.artifact.ArtifactNode;
import ai.koales.ksp.domain.artifact.EdgeDirection;
import ai.koales.ksp.domain.artifact.GraphCensus;
import ai.koales.ksp.domain.artifact.GraphCursor;
import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.artifact.Hop;
import ai.koales.ksp.domain.artifact.Hops;
import ai.koales.ksp.domain.artifact.PathStep;
import ai.koales.ksp.persistence.platform.JsonValues;
import ai.koales.ksp.persistence.platform.SqlDialect;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link ArtifactGraphRepository} on JPA. Every query is bounded by the graph key, the leading
 * column of every index.
 *
 * <p>Frontier reads (a walk's neighbours, a path's hops, nodes by id) go to JDBC on the
 * transaction's own connection, as a join with {@code UNNEST(?)} of an id array: H2 answers {@code
 * graph_key = ? AND id IN (?, ?, ...)} by scanning the whole graph (the IN list is not on the
 * index's leading column), while the join does one index lookup per id on H2 and PostgreSQL alike.
 * The persistence context is flushed first, so these reads see the transaction's own writes.
 */
@ApplicationScoped
public class JpaArtifactGraphRepository implements ArtifactGraphRepository {

  /** How many levels of a walk one query reads ahead. */
  static final int PREFETCH_LEVELS = 16;

  /** The columns {@link #node} reads, in its order (7). */
  static final String NODE_COLUMNS = "n.id, n.type, n.data, n.ns, n.created, n.updated, n.seq";

  /** The columns {@link #edge} reads, in its order (6). */
  static final String EDGE_COLUMNS = "e.source, e.target, e.rel, e.props, e.created, e.seq";

  private static final String NEWER_THAN_CURSOR =
      " AND (n.created < :afterCreated OR (n.created = :afterCreated AND n.seq < :afterSeq))";
  private static final String NEWEST_FIRST = " ORDER BY n.created DESC, n.seq DESC";

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject SqlDialect dialect;

  @Override
  public Optional<ArtifactNode> findNode(GraphKey graph, String id) {
    return Optional.ofNullable(row(graph, id)).map(ArtifactNodeRow::toNode);
  }

  @Override
  public Map<String, ArtifactNode> findNodes(GraphKey graph, Collection<String> ids) {
    Map<String, ArtifactNode> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    query(
        "SELECT "
            + NODE_COLUMNS
            + " FROM UNNEST(?) AS f(id) JOIN artifact_node n"
            + " ON n.graph_key = ? AND n.id = f.id",
        ps -> {
          ps.setObject(1, array(new LinkedHashSet<>(ids)));
          ps.setString(2, graph.value());
        },
        rs -> {
          ArtifactNode n = node(rs, 1);
          found.put(n.id(), n);
        });
    return found;
  }

  @Override
  public long nextNodeSeq(GraphKey graph) {
    return nextSeq(graph, true);
  }

  @Override
  public long nextEdgeSeq(GraphKey graph) {
    return nextSeq(graph, false);
  }

  /**
   * The graph's next node (or edge) position from its counter row ({@code artifact_graph_seq}): two
   * primary-key statements, where {@code MAX(seq)} read every node of the graph on H2. Callers hold
   * the graph's partition lock, so the read-and-bump needs no lock of its own and the first write
   * of a graph can create the row.
   */
  private long nextSeq(GraphKey graph, boolean node) {
    String column = node ? "node_seq" : "edge_seq";
    Connection c = connection();
    try {
      try (PreparedStatement bump =
          c.prepareStatement(
              "UPDATE artifact_graph_seq SET "
                  + column
                  + " = "
                  + column
                  + " + 1 WHERE graph_key = ?")) {
        bump.setString(1, graph.value());
        if (bump.executeUpdate() == 1) {
          try (PreparedStatement read =
              c.prepareStatement(
                  "SELECT " + column + " FROM artifact_graph_seq WHERE graph_key = ?")) {
            read.setString(1, graph.value());
            try (ResultSet rs = read.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        }
      }
      // A graph's first write: nothing stored yet (graphs written before the counter existed got
      // their row from the migration).
      try (PreparedStatement create =
          c.prepareStatement(
              "INSERT INTO artifact_graph_seq (graph_key, node_seq, edge_seq) VALUES (?, ?, ?)")) {
        create.setString(1, graph.value());
        create.setLong(2, node ? 1 : 0);
        create.setLong(3, node ? 0 : 1);
        create.executeUpdate();
      }
      return 1;
    } catch (SQLException e) {
      throw new PersistenceException("Artifact graph counter of " + graph + " failed", e);
    }
  }

  @Override
  public void insert(GraphKey graph, ArtifactNode node) {
    em.persist(new ArtifactNodeRow(graph.value(), node));
  }

  @Override
  public void update(GraphKey graph, ArtifactNode node) {
    ArtifactNodeRow row = row(graph, node.id());
    if (row == null) {
      throw new IllegalStateException("No stored node " + node.id() + " in " + graph);
    }
    row.replace(node);
  }

  @Override
  public Optional<ArtifactEdge> findEdge(GraphKey graph, String source, String target, String rel) {
    return Optional.ofNullable(edgeRow(graph, source, target, rel)).map(ArtifactEdgeRow::toEdge);
  }

  @Override
  public void insert(GraphKey graph, ArtifactEdge edge) {
    em.persist(new ArtifactEdgeRow(graph.value(), edge));
  }

  @Override
  public void update(GraphKey graph, ArtifactEdge edge) {
    ArtifactEdgeRow row = edgeRow(graph, edge.source(), edge.target(), edge.rel());
    if (row == null) {
      throw new IllegalStateException("No stored edge " + edge.id() + " in " + graph);
    }
    row.replace(edge);
  }

  @Override
  public List<ArtifactNode> nodes(
      GraphKey graph, String ns, String type, GraphCursor after, int max) {
    if (type != null) {
      return nodesOfType(graph, ns, type, null, after, max);
    }
    StringBuilder jpql =
        new StringBuilder("SELECT n FROM ArtifactNodeRow n WHERE n.graphKey = :g AND n.ns = :ns");
    if (after != null) {
      jpql.append(NEWER_THAN_CURSOR);
    }
    TypedQuery<ArtifactNodeRow> q =
        em.createQuery(jpql.append(NEWEST_FIRST).toString(), ArtifactNodeRow.class)
            .setParameter("g", graph.value())
            .setParameter("ns", ns);
    return nodeList(bindCursor(q, after), max);
  }

  /**
   * Nodes of one type, newest first; with {@code successorRel}, only those without a successor (no
   * incoming edge of that relation). Node types are few and skewed: executions and their traces by
   * the thousand, specifications by the handful. From its column statistics H2 rates {@code type =
   * ?} as unselective and may walk the graph's created index instead, reading every node of the
   * graph (measured: BP1's active-specification lookup took a quarter of the server's CPU in
   * ClaimBench, on a graph of 8,000 executions); the hint keeps H2 on the type index. PostgreSQL
   * plans from per-value statistics and needs none.
   */
  private List<ArtifactNode> nodesOfType(
      GraphKey graph, String ns, String type, String successorRel, GraphCursor after, int max) {
    StringBuilder sql = new StringBuilder("SELECT n.* FROM artifact_node n");
    if (!dialect.isPostgres()) {
      sql.append(" USE INDEX (ix_artifact_node_type)");
    }
    sql.append(" WHERE n.graph_key = ?1 AND n.ns = ?2 AND n.type = ?3");
    if (successorRel != null) {
      sql.append(
          " AND NOT EXISTS (SELECT 1 FROM artifact_edge e WHERE e.graph_key = n.graph_key"
              + " AND e.target = n.id AND e.rel = ?4)");
    }
    if (after != null) {
      sql.append(" AND (n.created < ?5 OR (n.created = ?6 AND n.seq < ?7))");
    }
    sql.append(" ORDER BY n.created DESC, n.seq DESC FETCH FIRST ")
        .append(max)
        .append(" ROWS ONLY");
    Query q =
        em.createNativeQuery(sql.toString(), ArtifactNodeRow.class)
            .setParameter(1, graph.value())
            .setParameter(2, ns)
            .setParameter(3, type);
    if (successorRel != null) {
      q.setParameter(4, successorRel);
    }
    if (after != null) {
      q.setParameter(5, after.createdMillis())
          .setParameter(6, after.createdMillis())
          .setParameter(7, after.seq());
    }
    @SuppressWarnings("unchecked")
    List<ArtifactNodeRow> rows = q.getResultList();
    return rows.stream().map(ArtifactNodeRow::toNode).toList();
  }

  @Override
  public List<ArtifactEdge> edgesOf(
      GraphKey graph,
      String nodeId,
      EdgeDirection direction,
      String rel,
      GraphCursor after,
      int max) {
    String end = direction == EdgeDirection.OUT ? "e.source" : "e.target";
    StringBuilder jpql =
        new StringBuilder("SELECT e FROM ArtifactEdgeRow e WHERE e.graphKey = :g AND ")
            .append(end)
            .append(" = :node");
    TypedQuery<ArtifactEdgeRow> q = edgeQuery(jpql, rel, after).setParameter("node", nodeId);
    return edgeList(bindEdgeQuery(q, graph, rel, after), max);
  }

  @Override
  public List<ArtifactEdge> edges(GraphKey graph, String rel, GraphCursor after, int max) {
    StringBuilder jpql = new StringBuilder("SELECT e FROM ArtifactEdgeRow e WHERE e.graphKey = :g");
    return edgeList(bindEdgeQuery(edgeQuery(jpql, rel, after), graph, rel, after), max);
  }

  @Override
  public Adjacency adjacency(GraphKey graph, String rel, EdgeDirection direction, int maxDepth) {
    return new PrefetchingAdjacency(graph, rel, direction, maxDepth);
  }

  /**
   * One walk's neighbours, read ahead {@link #PREFETCH_LEVELS} levels per query. A depth-50 walk
   * would otherwise cost 50 round trips where one recursive query costs one (the lineage bench
   * measured the difference); a walk that reads its whole lineage in one recursive query, though,
   * multiplies rows on cycles and diamonds by the depth. Here a recursive CTE from the frontier's
   * unexpanded nodes returns every edge of every node within the window (UNION drops repeats of a
   * node at one depth, so a cycle costs at most the window's factor), and the domain's
   * breadth-first walk still decides order, depth and termination. Called once per level, as the
   * walk does; closed when the walk ends.
   */
  private final class PrefetchingAdjacency implements Adjacency {
    private final GraphKey graph;
    private final String rel;
    private final String sql;
    private final int maxDepth;
    private final Map<String, List<String>> expanded = new HashMap<>();
    private int level;
    private PreparedStatement statement;

    PrefetchingAdjacency(GraphKey graph, String rel, EdgeDirection direction, int maxDepth) {
      this.graph = graph;
      this.rel = rel;
      this.maxDepth = maxDepth;
      String near = direction == EdgeDirection.OUT ? "e.source" : "e.target";
      String far = direction == EdgeDirection.OUT ? "e.target" : "e.source";
      this.sql =
          "WITH RECURSIVE reach(id, depth) AS ("
              + " SELECT CAST(f.id AS VARCHAR(200)), 0 FROM UNNEST(?) AS f(id)"
              + " UNION"
              + " SELECT "
              + far
              + ", r.depth + 1 FROM reach r JOIN artifact_edge e"
              + " ON e.graph_key = ? AND e.rel = ? AND "
              + near
              + " = r.id WHERE r.depth < ?)"
              + " SELECT DISTINCT r.id, "
              + far
              + ", e.seq FROM reach r LEFT JOIN artifact_edge e"
              + " ON e.graph_key = ? AND e.rel = ? AND "
              + near
              + " = r.id ORDER BY e.seq";
    }

    @Override
    public Map<String, List<String>> neighbours(Set<String> frontier) {
      level++;
      Set<String> unexpanded = new LinkedHashSet<>(frontier);
      unexpanded.removeAll(expanded.keySet());
      if (!unexpanded.isEmpty()) {
        readAhead(unexpanded, Math.max(1, Math.min(PREFETCH_LEVELS, maxDepth - level + 1)));
      }
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (String id : frontier) {
        List<String> next = expanded.getOrDefault(id, List.of());
        if (!next.isEmpty()) {
          out.put(id, next);
        }
      }
      return out;
    }

    /** Expands {@code roots} and every node fewer than {@code levels} steps beyond them. */
    private void readAhead(Set<String> roots, int levels) {
      Map<String, List<String>> read = new HashMap<>();
      try {
        if (statement == null) {
          statement = connection().prepareStatement(sql);
          statement.setString(2, graph.value());
          statement.setString(3, rel);
          statement.setString(5, graph.value());
          statement.setString(6, rel);
        }
        statement.setObject(1, array(roots));
        statement.setInt(4, levels - 1);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            List<String> next = read.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
            String far = rs.getString(2);
            if (far != null) {
              next.add(far);
            }
          }
        }
      } catch (SQLException e) {
        throw new PersistenceException("Artifact graph walk failed: " + e.getMessage(), e);
      }
      // A node read again (a cycle back into what is known) keeps its first, complete list.
      read.forEach(expanded::putIfAbsent);
    }

    @Override
    public void close() {
      if (statement != null) {
        try {
          statement.close();
        } catch (SQLException e) {
          throw new PersistenceException("Artifact graph walk failed: " + e.getMessage(), e);
        } finally {
          statement = null;
        }
      }
    }
  }

  @Override
  public Hops hops(GraphKey graph) {
    return (Set<String> from, PathStep step) -> {
      boolean out = step.direction() == EdgeDirection.OUT;
      String near = out ? "e.source" : "e.target";
      String far = out ? "e.target" : "e.source";
      String sql =
          "SELECT "
              + NODE_COLUMNS
              + ", "
              + EDGE_COLUMNS
              + " FROM UNNEST(?) AS f(id) JOIN artifact_edge e"
              + " ON e.graph_key = ? AND e.rel = ? AND "
              + near
              + " = f.id JOIN artifact_node n ON n.graph_key = e.graph_key AND n.id = "
              + far
              + (step.targetType() == null ? "" : " AND n.type = ?")
              + " ORDER BY e.seq";
      Map<String, List<Hop>> hops = new LinkedHashMap<>();
      query(
          sql,
          ps -> {
            ps.setObject(1, array(from));
            ps.setString(2, graph.value());
            ps.setString(3, step.rel());
            if (step.targetType() != null) {
              ps.setString(4, step.targetType());
            }
          },
          rs -> {
            ArtifactNode node = node(rs, 1);
            ArtifactEdge edge = edge(rs, 8);
            hops.computeIfAbsent(edge.near(step.direction()), k -> new ArrayList<>())
                .add(new Hop(edge, node));
          });
      return hops;
    };
  }

  @Override
  public List<ArtifactNode> heads(
      GraphKey graph,
      String ns,
      Set<String> types,
      String successorRel,
      GraphCursor after,
      int max) {
    // One query per type, merged newest first: with "type IN (…)" H2 cannot use the type index
    // (an IN list on a later index column, with parameters, reads every node of the graph).
    List<ArtifactNode> merged = new ArrayList<>();
    for (String type : new TreeSet<>(types)) {
      merged.addAll(nodesOfType(graph, ns, type, successorRel, after, max));
    }
    merged.sort(
        Comparator.comparing(ArtifactNode::created)
            .thenComparingLong(ArtifactNode::seq)
            .reversed());
    return merged.size() > max ? List.copyOf(merged.subList(0, max)) : merged;
  }

  @Override
  public GraphCensus census(GraphKey graph) {
    Map<String, Long> nodes = new HashMap<>();
    for (Object[] r :
        em.createQuery(
                "SELECT n.nodeType, COUNT(n) FROM ArtifactNodeRow n WHERE n.graphKey = :g"
                    + " GROUP BY n.nodeType",
                Object[].class)
            .setParameter("g", graph.value())
            .getResultList()) {
      nodes.put((String) r[0], ((Number) r[1]).longValue());
    }
    Map<String, Long> edges = new HashMap<>();
    for (Object[] r :
        em.createQuery(
                "SELECT e.rel, COUNT(e) FROM ArtifactEdgeRow e WHERE e.graphKey = :g"
                    + " GROUP BY e.rel",
                Object[].class)
            .setParameter("g", graph.value())
            .getResultList()) {
      edges.put((String) r[0], ((Number) r[1]).longValue());
    }
    return new GraphCensus(graph, nodes, edges);
  }

  private ArtifactNodeRow row(GraphKey graph, String id) {
    return em.find(ArtifactNodeRow.class, new ArtifactNodeRow.Key(graph.value(), id));
  }

  private ArtifactEdgeRow edgeRow(GraphKey graph, String source, String target, String rel) {
    return em.find(
        ArtifactEdgeRow.class, new ArtifactEdgeRow.Key(graph.value(), source, target, rel));
  }

  /** Edge lists are in write order: seq ascending, the cursor's seq the last one seen. */
  private TypedQuery<ArtifactEdgeRow> edgeQuery(StringBuilder jpql, String rel, GraphCursor after) {
    if (rel != null) {
      jpql.append(" AND e.rel = :rel");
    }
    if (after != null) {
      jpql.append(" AND e.seq > :afterSeq");
    }
    return em.createQuery(jpql.append(" ORDER BY e.seq").toString(), ArtifactEdgeRow.class);
  }

  private static TypedQuery<ArtifactEdgeRow> bindEdgeQuery(
      TypedQuery<ArtifactEdgeRow> q, GraphKey graph, String rel, GraphCursor after) {
    q.setParameter("g", graph.value());
    if (rel != null) {
      q.setParameter("rel", rel);
    }
    if (after != null) {
      q.setParameter("afterSeq", after.seq());
    }
    return q;
  }

  private static <T> TypedQuery<T> bindCursor(TypedQuery<T> q, GraphCursor after) {
    if (after != null) {
      q.setParameter("afterCreated", after.createdMillis()).setParameter("afterSeq", after.seq());
    }
    return q;
  }

  private static List<ArtifactNode> nodeList(TypedQuery<ArtifactNodeRow> q, int max) {
    return q.setMaxResults(max).getResultList().stream().map(ArtifactNodeRow::toNode).toList();
  }

  private static List<ArtifactEdge> edgeList(TypedQuery<ArtifactEdgeRow> q, int max) {
    return q.setMaxResults(max).getResultList().stream().map(ArtifactEdgeRow::toEdge).toList();
  }

  static ArtifactNode node(ResultSet rs, int first) throws SQLException {
    return new ArtifactNode(
        rs.getString(first),
        rs.getString(first + 1),
        JsonValues.parseObject(rs.getString(first + 2)),
        rs.getString(first + 3),
        Instant.ofEpochMilli(rs.getLong(first + 4)),
        Instant.ofEpochMilli(rs.getLong(first + 5)),
        rs.getLong(first + 6));
  }

  static ArtifactEdge edge(ResultSet rs, int first) throws SQLException {
    return new ArtifactEdge(
        rs.getString(first),
        rs.getString(first + 1),
        rs.getString(first + 2),
        JsonValues.parseObject(rs.getString(first + 3)),
        Instant.ofEpochMilli(rs.getLong(first + 4)),
        rs.getLong(first + 5));
  }

  /**
   * An id array parameter, bound with {@code setObject}: both drivers map {@code String[]} to their
   * array type. Not {@code createArrayOf}: on a container thread outside a request (batch jobs,
   * after-commit work) the statement's {@code getConnection()} handle may already be closed.
   */
  private static String[] array(Collection<String> ids) {
    return ids.toArray(new String[0]);
  }

  /**
   * The transaction's own connection, after flushing its pending writes so that JDBC reads see
   * them. Not closed by its users: the persistence context owns it.
   */
  private Connection connection() {
    em.flush();
    Connection c = em.unwrap(Connection.class);
    if (c == null) {
      throw new IllegalStateException("Artifact graph reads run inside a transaction");
    }
    return c;
  }

  /** Runs {@code sql} on the transaction's connection. */
  private void query(String sql, Binder binder, RowReader reader) {
    try (PreparedStatement ps = connection().prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      }
    } catch (SQLException e) {
      throw new PersistenceException("Artifact graph query failed: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }
}
