package ai.koales.ksp.persistence.artifact;

import ai.koales.ksp.domain.artifact.ActiveSpecification;
import ai.koales.ksp.domain.artifact.Adjacency;
import ai.koales.ksp.domain.artifact.ArtifactDataTooLargeException;
import ai.koales.ksp.domain.artifact.ArtifactEdge;
import ai.koales.ksp.domain.artifact.ArtifactGraphRepository;
import ai.koales.ksp.domain.artifact.ArtifactNode;
import ai.koales.ksp.domain.artifact.ArtifactPath;
import ai.koales.ksp.domain.artifact.BoundedPathWalk;
import ai.koales.ksp.domain.artifact.DomainConfig;
import ai.koales.ksp.domain.artifact.EdgeDirection;
import ai.koales.ksp.domain.artifact.EdgeNotFoundException;
import ai.koales.ksp.domain.artifact.GraphCensus;
import ai.koales.ksp.domain.artifact.GraphCursor;
import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.artifact.HypothesisFilter;
import ai.koales.ksp.domain.artifact.LineageDirection;
import ai.koales.ksp.domain.artifact.LineageEntry;
import ai.koales.ksp.domain.artifact.LineageStep;
import ai.koales.ksp.domain.artifact.LineageWalk;
import ai.koales.ksp.domain.artifact.NoActiveSpecificationException;
import ai.koales.ksp.domain.artifact.NodeExistsException;
import ai.koales.ksp.domain.artifact.NodeNotFoundException;
import ai.koales.ksp.domain.artifact.NodeTypeConflictException;
import ai.koales.ksp.domain.artifact.NodeTypes;
import ai.koales.ksp.domain.artifact.Page;
import ai.koales.ksp.domain.artifact.PageRequest;
import ai.koales.ksp.domain.artifact.PathStep;
import ai.koales.ksp.domain.artifact.PathTooBroadException;
import ai.koales.ksp.domain.artifact.Relations;
import ai.koales.ksp.domain.artifact.UnknownNodeException;
import ai.koales.ksp.domain.artifact.Upserted;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.persistence.platform.JsonValues;
import ai.koales.ksp.persistence.platform.PartitionLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The artifact graph's application service (core.md §4.3): the only way into artifact graphs for
 * REST, GraphQL and the other contexts (loop closure, commissioning, the Linear bridge).
 *
 * <p>Transactions: every method joins the caller's transaction or starts one ({@code REQUIRED}), so
 * a bridge point can write several nodes and edges, and its beads, in ONE transaction (INV-AG-005,
 * INV-LC-004) and reads inside it see its own uncommitted writes. Every write first locks the
 * graph's partition row (INV-AG-006, single writer); reads take no lock.
 *
 * <p>Failures: every refusal ({@link NodeExistsException}, {@link UnknownNodeException}, {@link
 * NodeNotFoundException}, ...) is thrown before the method writes anything, and does not mark the
 * caller's transaction rollback-only: a caller may catch it and carry on (e.g. fall back when
 * {@link #activeSpecification} finds none). Uncaught, it rolls the caller's transaction back as
 * usual.
 *
 * <p>Values: node data and edge props are JSON objects as plain Java values; numbers come back as
 * {@link java.math.BigDecimal}. Each is at most {@code ksp.artifact.max-data-bytes} bytes of JSON
 * (default 256 KiB).
 */
@ApplicationScoped
@Transactional(
    dontRollbackOn = {
      NodeExistsException.class,
      NodeNotFoundException.class,
      NodeTypeConflictException.class,
      UnknownNodeException.class,
      EdgeNotFoundException.class,
      NoActiveSpecificationException.class,
      ArtifactDataTooLargeException.class,
      PathTooBroadException.class,
      InvalidInputException.class
    })
public class ArtifactGraphService {

  /** {@code ns} of every node written here: the Factory's namespace (INV-AG-003). */
  public static final String NS = DomainConfig.FACTORY.namespace();

  /** {@code queryHypotheses} without a page: at most this many, newest first (core.md §5). */
  public static final int HYPOTHESIS_LIMIT = 200;

  /** Rows read per query while filtering hypotheses or looking for the active specification. */
  static final int SCAN_BATCH = 200;

  @Inject ArtifactGraphRepository repository;
  @Inject PartitionLocks locks;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "ksp.artifact.max-data-bytes", defaultValue = "262144")
  long maxDataBytes;

  // ---------------------------------------------------------------------------------- writes

  /**
   * Creates the node, or replaces the data (and {@code updated}) of the existing node with this id
   * (core.md §4.3). The type of an existing node never changes: naming another one is {@link
   * NodeTypeConflictException}.
   */
  public Upserted<ArtifactNode> upsertNode(
      GraphKey graph, String id, String type, Map<String, ?> data) {
    requireNodeInput(id, type);
    requireSize("The node's data", data);
    lock(graph);
    Optional<ArtifactNode> existing = repository.findNode(graph, id);
    if (existing.isPresent()) {
      ArtifactNode updated = existing.get().replaceData(type, data, now());
      repository.update(graph, updated);
      return new Upserted<>(updated, false);
    }
    return new Upserted<>(insertNode(graph, id, type, data), true);
  }

  /** Creates the node; an existing id is {@link NodeExistsException} (core.md §5 POST /append). */
  public ArtifactNode appendNode(GraphKey graph, String id, String type, Map<String, ?> data) {
    requireNodeInput(id, type);
    requireSize("The node's data", data);
    lock(graph);
    if (repository.findNode(graph, id).isPresent()) {
      throw new NodeExistsException(graph, id);
    }
    return insertNode(graph, id, type, data);
  }

  /**
   * Creates the node unless one with this id exists, which is then returned untouched: the
   * idempotent append a retried bridge point needs (INV-LC-003).
   */
  public Upserted<ArtifactNode> appendNodeIfAbsent(
      GraphKey graph, String id, String type, Map<String, ?> data) {
    requireNodeInput(id, type);
    requireSize("The node's data", data);
    lock(graph);
    Optional<ArtifactNode> existing = repository.findNode(graph, id);
    return existing
        .map(n -> new Upserted<>(n, false))
        .orElseGet(() -> new Upserted<>(insertNode(graph, id, type, data), true));
  }

  /**
   * Creates the edge (source, target, rel), or replaces the props of the existing one (INV-AG-002).
   * Both ends must exist in the graph: {@link UnknownNodeException} otherwise (INV-AG-004).
   */
  public Upserted<ArtifactEdge> upsertEdge(
      GraphKey graph, String source, String target, String rel, Map<String, ?> props) {
    ArtifactNode.requireValidId("source", source);
    ArtifactNode.requireValidId("target", target);
    ArtifactEdge.requireValidRel("rel", rel);
    requireSize("The edge's props", props);
    lock(graph);
    Set<String> present = repository.findNodes(graph, List.of(source, target)).keySet();
    List<String> missing =
        (source.equals(target) ? List.of(source) : List.of(source, target))
            .stream().filter(id -> !present.contains(id)).toList();
    if (!missing.isEmpty()) {
      throw new UnknownNodeException(graph, missing);
    }
    Optional<ArtifactEdge> existing = repository.findEdge(graph, source, target, rel);
    if (existing.isPresent()) {
      ArtifactEdge updated = existing.get().replaceProps(props);
      repository.update(graph, updated);
      return new Upserted<>(updated, false);
    }
    ArtifactEdge edge =
        ArtifactEdge.create(source, target, rel, props, repository.nextEdgeSeq(graph), now());
    repository.insert(graph, edge);
    return new Upserted<>(edge, true);
  }

  /** {@link #upsertEdge(GraphKey, String, String, String, Map)} with empty props. */
  public ArtifactEdge upsertEdge(GraphKey graph, String source, String target, String rel) {
    return upsertEdge(graph, source, target, rel, Map.of()).value();
  }

  /**
   * Takes the graph's write lock now instead of at the first write, for a caller that must decide
   * under it (a bridge point that checks state before it writes). Joins the caller's transaction
   * and holds the lock until it ends; callers that also write beads take this lock first.
   */
  public void lockForWrite(GraphKey graph) {
    lock(graph);
  }

  // ----------------------------------------------------------------------------------- reads

  /** The node (in any namespace, core.md §4.3), or {@link NodeNotFoundException}. */
  public ArtifactNode getNode(GraphKey graph, String id) {
    return repository.findNode(graph, id).orElseThrow(() -> new NodeNotFoundException(graph, id));
  }

  public Optional<ArtifactNode> findNode(GraphKey graph, String id) {
    return repository.findNode(graph, id);
  }

  /** Nodes of {@code type} (every type when null) in this namespace, newest first. */
  public Page<ArtifactNode> getNodesByType(GraphKey graph, String type, PageRequest page) {
    if (type != null) {
      ArtifactNode.requireValidType("type", type);
    }
    List<ArtifactNode> fetched = repository.nodes(graph, NS, type, page.after(), page.limit() + 1);
    return Page.of(fetched, page.limit(), GraphCursor::after);
  }

  /** The edge (source, target, rel), or {@link EdgeNotFoundException}. */
  public ArtifactEdge getEdge(GraphKey graph, String source, String rel, String target) {
    return repository
        .findEdge(graph, source, target, rel)
        .orElseThrow(() -> new EdgeNotFoundException(graph, source, rel, target));
  }

  /** Every edge leaving {@code source} (with relation {@code rel} unless null), in write order. */
  public List<ArtifactEdge> edgesFrom(GraphKey graph, String source, String rel) {
    return repository.edgesOf(graph, source, EdgeDirection.OUT, rel, null, Integer.MAX_VALUE);
  }

  /** Every edge arriving at {@code target} (with relation {@code rel} unless null), write order. */
  public List<ArtifactEdge> edgesTo(GraphKey graph, String target, String rel) {
    return repository.edgesOf(graph, target, EdgeDirection.IN, rel, null, Integer.MAX_VALUE);
  }

  /** A page of a node's edges; the node must exist ({@link NodeNotFoundException}). */
  public Page<ArtifactEdge> edgesOf(
      GraphKey graph, String nodeId, EdgeDirection direction, String rel, PageRequest page) {
    if (rel != null) {
      ArtifactEdge.requireValidRel("rel", rel);
    }
    getNode(graph, nodeId);
    List<ArtifactEdge> fetched =
        repository.edgesOf(graph, nodeId, direction, rel, page.after(), page.limit() + 1);
    return Page.of(fetched, page.limit(), GraphCursor::after);
  }

  /** A page of the graph's edges with relation {@code rel} (all when null), in write order. */
  public Page<ArtifactEdge> edges(GraphKey graph, String rel, PageRequest page) {
    if (rel != null) {
      ArtifactEdge.requireValidRel("rel", rel);
    }
    List<ArtifactEdge> fetched = repository.edges(graph, rel, page.after(), page.limit() + 1);
    return Page.of(fetched, page.limit(), GraphCursor::after);
  }

  /**
   * The start and its predecessors along {@code rel} (source to target; for {@code version_of} the
   * older versions), in depth order, at most {@code maxDepth} steps away.
   */
  public List<LineageEntry> walkLineageBackward(
      GraphKey graph, String start, String rel, int maxDepth) {
    return walkLineage(graph, start, rel, LineageDirection.BACKWARD, maxDepth);
  }

  /** {@link #walkLineageBackward} with the default bound of 1000. */
  public List<LineageEntry> walkLineageBackward(GraphKey graph, String start, String rel) {
    return walkLineageBackward(graph, start, rel, LineageWalk.DEFAULT_MAX_DEPTH);
  }

  /** The start and its successors along {@code rel} (target to source), in depth order. */
  public List<LineageEntry> walkLineageForward(
      GraphKey graph, String start, String rel, int maxDepth) {
    return walkLineage(graph, start, rel, LineageDirection.FORWARD, maxDepth);
  }

  /** {@link #walkLineageForward} with the default bound of 1000. */
  public List<LineageEntry> walkLineageForward(GraphKey graph, String start, String rel) {
    return walkLineageForward(graph, start, rel, LineageWalk.DEFAULT_MAX_DEPTH);
  }

  /**
   * A lineage walk from {@code start} (which must exist) along {@code rel}: breadth-first, each
   * node once at its shortest depth, cycle-safe, at most {@code maxDepth} (0..1000) steps.
   */
  public List<LineageEntry> walkLineage(
      GraphKey graph, String start, String rel, LineageDirection direction, int maxDepth) {
    ArtifactEdge.requireValidRel("rel", rel);
    ArtifactNode.requireValidId("start", start);
    Objects.requireNonNull(direction, "direction");
    List<LineageStep> steps;
    try (Adjacency backward = repository.adjacency(graph, rel, EdgeDirection.OUT, maxDepth);
        Adjacency forward = repository.adjacency(graph, rel, EdgeDirection.IN, maxDepth)) {
      steps =
          switch (direction) {
            case BACKWARD -> LineageWalk.walk(start, backward, maxDepth);
            case FORWARD -> LineageWalk.walk(start, forward, maxDepth);
            case BOTH -> LineageWalk.both(start, backward, forward, maxDepth);
          };
    }
    // A missing start has no edges (foreign keys), so the walk found nothing but the start.
    Map<String, ArtifactNode> nodes = repository.findNodes(graph, LineageWalk.ids(steps));
    if (!nodes.containsKey(start)) {
      throw new NodeNotFoundException(graph, start);
    }
    List<LineageEntry> lineage = new ArrayList<>(steps.size());
    for (LineageStep s : steps) {
      // Edge foreign keys keep every reached id a node; nothing deletes nodes (INV-AG-001).
      ArtifactNode node = nodes.get(s.nodeId());
      if (node != null) {
        lineage.add(new LineageEntry(node, s.depth()));
      }
    }
    return lineage;
  }

  /**
   * {@code collectLineageIds} (core.md §4.3 <b>FIX</b>): {@code id}, its predecessors and its
   * successors along {@code rel}, distinct, each direction at most 1000 steps: terminates on
   * cycles.
   */
  public Set<String> collectLineageIds(GraphKey graph, String id, String rel) {
    return collectLineageIds(graph, id, rel, LineageWalk.DEFAULT_MAX_DEPTH);
  }

  public Set<String> collectLineageIds(GraphKey graph, String id, String rel, int maxDepth) {
    ArtifactEdge.requireValidRel("rel", rel);
    getNode(graph, id);
    try (Adjacency backward = repository.adjacency(graph, rel, EdgeDirection.OUT, maxDepth);
        Adjacency forward = repository.adjacency(graph, rel, EdgeDirection.IN, maxDepth)) {
      return LineageWalk.ids(LineageWalk.both(id, backward, forward, maxDepth));
    }
  }

  /**
   * Every path from {@code start} (which must exist) that matches all {@code steps}: {@code n + 1}
   * nodes and {@code n} edges each, ordered by their last node, newest first; no steps match
   * nothing (core.md §4.3).
   */
  public List<ArtifactPath> walkBoundedPath(GraphKey graph, String start, List<PathStep> steps) {
    ArtifactNode first = getNode(graph, start);
    return BoundedPathWalk.walk(first, List.copyOf(steps), repository.hops(graph));
  }

  /**
   * Hypothesis nodes matching all filters (core.md §5 {@code /query/hypothesis}), newest first. The
   * governance fields live in the JSON data, so the filter is applied here while the rows stream in
   * newest-first order, in batches, until the page is full.
   */
  public Page<ArtifactNode> queryHypotheses(
      GraphKey graph, HypothesisFilter filter, PageRequest page) {
    Objects.requireNonNull(filter, "filter");
    List<ArtifactNode> matches = new ArrayList<>();
    GraphCursor scanned = page.after();
    while (matches.size() <= page.limit()) {
      List<ArtifactNode> batch =
          repository.nodes(graph, NS, NodeTypes.HYPOTHESIS, scanned, SCAN_BATCH);
      for (ArtifactNode n : batch) {
        if (filter.matches(n) && matches.size() <= page.limit()) {
          matches.add(n);
        }
      }
      if (batch.size() < SCAN_BATCH) {
        break;
      }
      scanned = GraphCursor.after(batch.get(batch.size() - 1));
    }
    return Page.of(matches, page.limit(), GraphCursor::after);
  }

  /** The first {@value #HYPOTHESIS_LIMIT} matching hypotheses, newest first. */
  public List<ArtifactNode> queryHypotheses(GraphKey graph, HypothesisFilter filter) {
    return queryHypotheses(graph, filter, PageRequest.first(HYPOTHESIS_LIMIT)).items();
  }

  /**
   * The active specification for {@code domain} (null: any): the newest Specification or WorkGraph
   * without an incoming {@code version_of} edge (core.md §6 item 9 <b>FIX</b>), else {@link
   * NoActiveSpecificationException}.
   */
  public ArtifactNode activeSpecification(GraphKey graph, String domain) {
    GraphCursor after = null;
    while (true) {
      List<ArtifactNode> heads =
          repository.heads(
              graph, NS, ActiveSpecification.TYPES, Relations.VERSION_OF, after, SCAN_BATCH);
      Optional<ArtifactNode> active = ActiveSpecification.select(heads, domain);
      if (active.isPresent()) {
        return active.get();
      }
      if (heads.size() < SCAN_BATCH) {
        throw new NoActiveSpecificationException(graph, domain);
      }
      after = GraphCursor.after(heads.get(heads.size() - 1));
    }
  }

  /** How many nodes of each type and edges of each relation the graph holds. */
  public GraphCensus census(GraphKey graph) {
    return repository.census(graph);
  }

  // --------------------------------------------------------------------------------- helpers

  private ArtifactNode insertNode(GraphKey graph, String id, String type, Map<String, ?> data) {
    ArtifactNode node =
        ArtifactNode.create(id, type, data, NS, repository.nextNodeSeq(graph), now());
    repository.insert(graph, node);
    return node;
  }

  /** Stored times have millisecond precision; answers must not promise more than is kept. */
  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  /** Single writer per graph key (INV-AG-006): held until the transaction ends. */
  private void lock(GraphKey graph) {
    locks.lock(PartitionLocks.ARTIFACT_GRAPH, graph.value());
  }

  private static void requireNodeInput(String id, String type) {
    ArtifactNode.requireValidId("id", id);
    ArtifactNode.requireValidType("type", type);
  }

  private void requireSize(String what, Map<String, ?> value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    long size = JsonValues.write(value).getBytes(StandardCharsets.UTF_8).length;
    if (size > maxDataBytes) {
      throw new ArtifactDataTooLargeException(what, size, maxDataBytes);
    }
  }
}
