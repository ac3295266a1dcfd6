package ai.koales.ksp.domain.artifact;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The store of artifact graphs (a port; {@code JpaArtifactGraphRepository} is its adapter). Every
 * method works inside one graph; writes assume the caller holds the graph's partition lock, which
 * makes "find, then insert or update" and the {@code seq} counters race-free.
 *
 * <p>Orders: node lists are newest first (created, then seq, descending); edge lists are in write
 * order (created, then seq, ascending). {@code after} is the keyset cursor of the previous page,
 * {@code max} the most rows returned.
 */
public interface ArtifactGraphRepository {

  Optional<ArtifactNode> findNode(GraphKey graph, String id);

  /** The nodes of {@code ids} that exist, by id. */
  Map<String, ArtifactNode> findNodes(GraphKey graph, Collection<String> ids);

  /** The seq the next node of {@code graph} gets (1 for the first). */
  long nextNodeSeq(GraphKey graph);

  /** The seq the next edge of {@code graph} gets (1 for the first). */
  long nextEdgeSeq(GraphKey graph);

  void insert(GraphKey graph, ArtifactNode node);

  /** Stores a node's new data and {@code updated}. */
  void update(GraphKey graph, ArtifactNode node);

  Optional<ArtifactEdge> findEdge(GraphKey graph, String source, String target, String rel);

  void insert(GraphKey graph, ArtifactEdge edge);

  /** Stores an edge's new props. */
  void update(GraphKey graph, ArtifactEdge edge);

  /** Nodes in namespace {@code ns}, of {@code type} (any when null), newest first. */
  List<ArtifactNode> nodes(GraphKey graph, String ns, String type, GraphCursor after, int max);

  /**
   * Edges leaving ({@code OUT}) or arriving at ({@code IN}) {@code nodeId}, with relation {@code
   * rel} (any when null), in write order.
   */
  List<ArtifactEdge> edgesOf(
      GraphKey graph,
      String nodeId,
      EdgeDirection direction,
      String rel,
      GraphCursor after,
      int max);

  /** All edges with relation {@code rel} (any when null), in write order. */
  List<ArtifactEdge> edges(GraphKey graph, String rel, GraphCursor after, int max);

  /**
   * The neighbours along {@code rel} in {@code direction}, for one walk of at most {@code maxDepth}
   * levels (a store may read ahead that far); close it when the walk ends.
   */
  Adjacency adjacency(GraphKey graph, String rel, EdgeDirection direction, int maxDepth);

  /** The hops of path steps, a frontier per query. */
  Hops hops(GraphKey graph);

  /**
   * Nodes in {@code ns} of one of {@code types} with no incoming {@code successorRel} edge, newest
   * first.
   */
  List<ArtifactNode> heads(
      GraphKey graph,
      String ns,
      Set<String> types,
      String successorRel,
      GraphCursor after,
      int max);

  GraphCensus census(GraphKey graph);
}
