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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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
 * {@link ArtifactGraphRepository} on JPA. Every query is bounded by the graph key, the leading
 * column of every index. Frontier queries ({@code IN} lists) are cut into chunks so that a wide
 * level of a walk never exceeds a driver's parameter limit.
 */
@ApplicationScoped
public class JpaArtifactGraphRepository implements ArtifactGraphRepository {

  /** Ids per {@code IN} list: well below every driver's bind-parameter limit. */
  static final int CHUNK = 500;

  private static final String NEWER_THAN_CURSOR =
      " AND (n.created < :afterCreated OR (n.created = :afterCreated AND n.seq < :afterSeq))";
  private static final String NEWEST_FIRST = " ORDER BY n.created DESC, n.seq DESC";

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Override
  public Optional<ArtifactNode> findNode(GraphKey graph, String id) {
    return Optional.ofNullable(row(graph, id)).map(ArtifactNodeRow::toNode);
  }

  @Override
  public Map<String, ArtifactNode> findNodes(GraphKey graph, Collection<String> ids) {
    Map<String, ArtifactNode> found = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      em.createQuery(
              "SELECT n FROM ArtifactNodeRow n WHERE n.graphKey = :g AND n.id IN :ids",
              ArtifactNodeRow.class)
          .setParameter("g", graph.value())
          .setParameter("ids", chunk)
          .getResultList()
          .forEach(
              r -> {
                ArtifactNode n = r.toNode();
                found.put(n.id(), n);
              });
    }
    return found;
  }

  @Override
  public long nextNodeSeq(GraphKey graph) {
    Long max =
        em.createQuery("SELECT MAX(n.seq) FROM ArtifactNodeRow n WHERE n.graphKey = :g", Long.class)
            .setParameter("g", graph.value())
            .getSingleResult();
    return max == null ? 1 : max + 1;
  }

  @Override
  public long nextEdgeSeq(GraphKey graph) {
    Long max =
        em.createQuery("SELECT MAX(e.seq) FROM ArtifactEdgeRow e WHERE e.graphKey = :g", Long.class)
            .setParameter("g", graph.value())
            .getSingleResult();
    return max == null ? 1 : max + 1;
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
    StringBuilder jpql =
        new StringBuilder("SELECT n FROM ArtifactNodeRow n WHERE n.graphKey = :g AND n.ns = :ns");
    if (type != null) {
      jpql.append(" AND n.nodeType = :type");
    }
    if (after != null) {
      jpql.append(NEWER_THAN_CURSOR);
    }
    TypedQuery<ArtifactNodeRow> q =
        em.createQuery(jpql.append(NEWEST_FIRST).toString(), ArtifactNodeRow.class)
            .setParameter("g", graph.value())
            .setParameter("ns", ns);
    if (type != null) {
      q.setParameter("type", type);
    }
    return nodeList(bindCursor(q, after), max);
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
  public Adjacency adjacency(GraphKey graph, String rel, EdgeDirection direction) {
    String near = direction == EdgeDirection.OUT ? "e.source" : "e.target";
    String far = direction == EdgeDirection.OUT ? "e.target" : "e.source";
    String jpql =
        "SELECT "
            + near
            + ", "
            + far
            + " FROM ArtifactEdgeRow e WHERE e.graphKey = :g AND e.rel = :rel AND "
            + near
            + " IN :ids ORDER BY e.seq";
    return frontier -> {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (List<String> chunk : chunks(frontier)) {
        for (Object[] pair :
            em.createQuery(jpql, Object[].class)
                .setParameter("g", graph.value())
                .setParameter("rel", rel)
                .setParameter("ids", chunk)
                .getResultList()) {
          out.computeIfAbsent((String) pair[0], k -> new ArrayList<>()).add((String) pair[1]);
        }
      }
      return out;
    };
  }

  @Override
  public Hops hops(GraphKey graph) {
    return (Set<String> from, PathStep step) -> {
      boolean out = step.direction() == EdgeDirection.OUT;
      String near = out ? "e.source" : "e.target";
      String far = out ? "e.target" : "e.source";
      String jpql =
          "SELECT e, n FROM ArtifactEdgeRow e, ArtifactNodeRow n WHERE e.graphKey = :g"
              + " AND e.rel = :rel AND "
              + near
              + " IN :ids AND n.graphKey = e.graphKey AND n.id = "
              + far
              + (step.targetType() == null ? "" : " AND n.nodeType = :type")
              + " ORDER BY e.seq";
      Map<String, List<Hop>> hops = new LinkedHashMap<>();
      for (List<String> chunk : chunks(from)) {
        TypedQuery<Object[]> q =
            em.createQuery(jpql, Object[].class)
                .setParameter("g", graph.value())
                .setParameter("rel", step.rel())
                .setParameter("ids", chunk);
        if (step.targetType() != null) {
          q.setParameter("type", step.targetType());
        }
        for (Object[] row : q.getResultList()) {
          ArtifactEdge edge = ((ArtifactEdgeRow) row[0]).toEdge();
          ArtifactNode node = ((ArtifactNodeRow) row[1]).toNode();
          hops.computeIfAbsent(edge.near(step.direction()), k -> new ArrayList<>())
              .add(new Hop(edge, node));
        }
      }
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
    StringBuilder jpql =
        new StringBuilder(
            "SELECT n FROM ArtifactNodeRow n WHERE n.graphKey = :g AND n.ns = :ns"
                + " AND n.nodeType IN :types AND NOT EXISTS (SELECT e.seq FROM ArtifactEdgeRow e"
                + " WHERE e.graphKey = n.graphKey AND e.target = n.id AND e.rel = :rel)");
    if (after != null) {
      jpql.append(NEWER_THAN_CURSOR);
    }
    TypedQuery<ArtifactNodeRow> q =
        em.createQuery(jpql.append(NEWEST_FIRST).toString(), ArtifactNodeRow.class)
            .setParameter("g", graph.value())
            .setParameter("ns", ns)
            .setParameter("types", List.copyOf(types))
            .setParameter("rel", successorRel);
    return nodeList(bindCursor(q, after), max);
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

  private static List<List<String>> chunks(Collection<String> ids) {
    List<String> all = List.copyOf(ids);
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += CHUNK) {
      chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
    }
    return chunks;
  }
}
