package ai.koales.ksp.web.artifact;

import ai.koales.ksp.domain.artifact.ArtifactEdge;
import ai.koales.ksp.domain.artifact.ArtifactNode;
import ai.koales.ksp.domain.artifact.GraphCensus;
import ai.koales.ksp.domain.artifact.LineageEntry;
import ai.koales.ksp.domain.artifact.Page;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The artifact graph as the API shows it (times RFC 3339, data and props as JSON objects). */
public final class Views {

  private Views() {}

  @Schema(name = "ArtifactNode", description = "A node of an artifact graph")
  public record NodeView(
      String id,
      String type,
      @Schema(description = "The node's JSON object") JsonObject data,
      @Schema(description = "The domain namespace, always factory") String ns,
      Instant created,
      Instant updated) {

    static NodeView of(ArtifactNode n) {
      return new NodeView(
          n.id(), n.type(), JsonValues.object(n.data()), n.ns(), n.created(), n.updated());
    }
  }

  @Schema(name = "ArtifactEdge", description = "An edge; id = source::rel::target")
  public record EdgeView(
      String id, String source, String target, String rel, JsonObject props, Instant created) {

    static EdgeView of(ArtifactEdge e) {
      return new EdgeView(
          e.id(), e.source(), e.target(), e.rel(), JsonValues.object(e.props()), e.created());
    }
  }

  @Schema(name = "ArtifactNodeList")
  public record NodeList(List<NodeView> items, String nextCursor) {
    static NodeList of(Page<ArtifactNode> page) {
      return new NodeList(page.items().stream().map(NodeView::of).toList(), page.nextCursor());
    }
  }

  @Schema(name = "ArtifactEdgeList")
  public record EdgeList(List<EdgeView> items, String nextCursor) {
    static EdgeList of(Page<ArtifactEdge> page) {
      return new EdgeList(page.items().stream().map(EdgeView::of).toList(), page.nextCursor());
    }
  }

  @Schema(name = "LineageItem", description = "A node and its distance from the walk's start")
  public record LineageItem(NodeView node, int depth) {}

  @Schema(name = "Lineage", description = "Nodes in depth order; the start has depth 0")
  public record Lineage(List<LineageItem> items) {
    static Lineage of(List<LineageEntry> entries) {
      return new Lineage(
          entries.stream().map(e -> new LineageItem(NodeView.of(e.node()), e.depth())).toList());
    }
  }

  @Schema(name = "AppendedNode")
  public record Appended(String id) {}

  @Schema(name = "ArtifactGraph", description = "A graph's key and what it holds")
  public record GraphView(
      String graphKey,
      String org,
      String graph,
      long nodeCount,
      long edgeCount,
      Map<String, Long> nodesByType,
      Map<String, Long> edgesByRel) {

    static GraphView of(GraphCensus c) {
      return new GraphView(
          c.graph().value(),
          c.graph().org(),
          c.graph().graph(),
          c.nodeCount(),
          c.edgeCount(),
          c.nodesByType(),
          c.edgesByRel());
    }
  }
}
