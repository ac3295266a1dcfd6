package ai.koales.ksp.web.artifact;

import ai.koales.ksp.domain.artifact.ArtifactEdge;
import ai.koales.ksp.domain.artifact.ArtifactNode;
import ai.koales.ksp.domain.artifact.EdgeDirection;
import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.artifact.HypothesisFilter;
import ai.koales.ksp.domain.artifact.LineageDirection;
import ai.koales.ksp.domain.artifact.LineageEntry;
import ai.koales.ksp.domain.artifact.LineageWalk;
import ai.koales.ksp.domain.artifact.PageRequest;
import ai.koales.ksp.domain.artifact.Relations;
import ai.koales.ksp.domain.artifact.Upserted;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.persistence.artifact.ArtifactGraphService;
import ai.koales.ksp.persistence.platform.JsonValues;
import ai.koales.ksp.web.artifact.Requests.EdgeUpsert;
import ai.koales.ksp.web.artifact.Requests.NodeUpsert;
import ai.koales.ksp.web.artifact.Views.Appended;
import ai.koales.ksp.web.artifact.Views.EdgeList;
import ai.koales.ksp.web.artifact.Views.EdgeView;
import ai.koales.ksp.web.artifact.Views.GraphView;
import ai.koales.ksp.web.artifact.Views.Lineage;
import ai.koales.ksp.web.artifact.Views.NodeList;
import ai.koales.ksp.web.artifact.Views.NodeView;
import ai.koales.ksp.web.platform.Problem;
import ai.koales.ksp.web.platform.Roles;
import ai.koales.ksp.web.platform.ValidationProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One artifact graph of an org (api.md "Artifact graph"; core.md §1.3, §4.3). The graph key is
 * {@code {org}:{graph}}; graphs come into being with their first node.
 */
@Path("orgs/{org}/graphs/{graph}")
@RequestScoped
@Tag(
    name = "Artifact graph",
    description =
        "Typed nodes and edges of specifications, executions, divergences, hypotheses and"
            + " amendments, per graph key {org}:{graph} (core.md §1.3)")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
public class ArtifactGraphResource {

  static final String PROBLEM = "#/components/schemas/Problem";

  @Inject ArtifactGraphService graphs;
  @Context UriInfo uriInfo;

  @GET
  @Operation(
      summary = "The graph's key and how many nodes of each type and edges of each rel it has")
  @APIResponse(
      responseCode = "200",
      description = "The graph's census (zero counts for a graph nothing was written to)",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactGraph")))
  public GraphView graph(@PathParam("org") String org, @PathParam("graph") String graph) {
    return GraphView.of(graphs.census(GraphKey.of(org, graph)));
  }

  @POST
  @Path("nodes")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT})
  @LimitedBody
  @Operation(
      summary = "Append a node (insert only)",
      description =
          "The body is the node: id, nodeType and any other members, which become its data (id"
              + " included, nodeType not). An existing id is never overwritten.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "#/components/schemas/ArtifactNodeAppend")))
  @APIResponse(
      responseCode = "201",
      description = "Appended; Location names the node",
      content = @Content(schema = @Schema(ref = "#/components/schemas/AppendedNode")))
  @APIResponse(
      responseCode = "400",
      description =
          "node-validation (with errors: id or nodeType missing, blank or malformed, or the body"
              + " is not an object), malformed-json, invalid-id",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  @APIResponse(
      responseCode = "409",
      description = "node-exists: the graph already has a node with this id",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  @APIResponse(
      responseCode = "413",
      description = "payload-too-large: the data exceed ksp.artifact.max-data-bytes (256 KiB)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  public Response append(
      @PathParam("org") String org, @PathParam("graph") String graph, String body) {
    AppendNodeRequest node = AppendNodeRequest.parse(body);
    ArtifactNode appended =
        graphs.appendNode(GraphKey.of(org, graph), node.id(), node.nodeType(), node.data());
    return Response.created(uriInfo.getAbsolutePathBuilder().path(appended.id()).build())
        .entity(new Appended(appended.id()))
        .build();
  }

  @PUT
  @Path("nodes/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT})
  @LimitedBody
  @ValidationProblem("node-validation")
  @Operation(
      summary = "Create a node, or replace an existing node's data",
      description =
          "An existing node keeps its type and created time; only data and updated change.")
  @APIResponse(
      responseCode = "200",
      description = "The existing node, with the new data",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactNode")))
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactNode")))
  @APIResponse(
      responseCode = "400",
      description = "node-validation (with errors), malformed-json, invalid-id",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  @APIResponse(
      responseCode = "409",
      description =
          "node-type-conflict: the node exists with another type; nothing is written (a node's"
              + " type never changes, and data meant for one type must not land in a node of"
              + " another; the problem names existingType)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  @APIResponse(
      responseCode = "413",
      description = "payload-too-large: the data exceed ksp.artifact.max-data-bytes (256 KiB)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  public Response upsertNode(
      @PathParam("org") String org,
      @PathParam("graph") String graph,
      @PathParam("id") String id,
      @Valid @NotNull NodeUpsert body) {
    Upserted<ArtifactNode> node =
        graphs.upsertNode(GraphKey.of(org, graph), id, body.type(), map(body.data()));
    NodeView view = NodeView.of(node.value());
    return node.created()
        ? Response.created(uriInfo.getAbsolutePath()).entity(view).build()
        : Response.ok(view).build();
  }

  @GET
  @Path("nodes/{id}")
  @Operation(summary = "A node")
  @APIResponse(
      responseCode = "200",
      description = "The node",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactNode")))
  @APIResponse(
      responseCode = "404",
      description = "node-not-found",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  public NodeView node(
      @PathParam("org") String org, @PathParam("graph") String graph, @PathParam("id") String id) {
    return NodeView.of(graphs.getNode(GraphKey.of(org, graph), id));
  }

  @GET
  @Path("nodes")
  @Operation(summary = "Nodes of a type (all types without ?type=), newest first")
  @APIResponse(
      responseCode = "200",
      description = "A page of nodes; nextCursor is null on the last page",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactNodeList")))
  public NodeList nodes(
      @PathParam("org") String org,
      @PathParam("graph") String graph,
      @Parameter(description = "Node type, e.g. Specification") @QueryParam("type") String type,
      @Parameter(description = "1 to 500, default 50") @QueryParam("limit") String limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    return NodeList.of(
        graphs.getNodesByType(
            GraphKey.of(org, graph),
            emptyToNull(type),
            PageRequest.parse(limit, cursor, PageRequest.DEFAULT_LIMIT)));
  }

  @PUT
  @Path("edges")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT})
  @LimitedBody
  @ValidationProblem("edge-validation")
  @Operation(
      summary = "Create an edge, or replace the props of the edge (source, target, rel)",
      description = "One edge per (source, target, rel); its id is source::rel::target.")
  @APIResponse(
      responseCode = "200",
      description = "The existing edge, with the new props",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactEdge")))
  @APIResponse(
      responseCode = "201",
      description = "Created; Location names the edge",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactEdge")))
  @APIResponse(
      responseCode = "400",
      description = "edge-validation (with errors), malformed-json",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  @APIResponse(
      responseCode = "413",
      description = "payload-too-large: the props exceed ksp.artifact.max-data-bytes (256 KiB)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  @APIResponse(
      responseCode = "422",
      description = "unknown-node: source or target is not a node of this graph",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  public Response upsertEdge(
      @PathParam("org") String org,
      @PathParam("graph") String graph,
      @Valid @NotNull EdgeUpsert body) {
    Upserted<ArtifactEdge> edge =
        graphs.upsertEdge(
            GraphKey.of(org, graph), body.source(), body.target(), body.rel(), map(body.props()));
    EdgeView view = EdgeView.of(edge.value());
    if (!edge.created()) {
      return Response.ok(view).build();
    }
    return Response.created(
            uriInfo
                .getAbsolutePathBuilder()
                .path(body.source())
                .path(body.rel())
                .path(body.target())
                .build())
        .entity(view)
        .build();
  }

  @GET
  @Path("edges")
  @Operation(summary = "Edges of a relation (all relations without ?rel=), in write order")
  @APIResponse(
      responseCode = "200",
      description = "A page of edges; nextCursor is null on the last page",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactEdgeList")))
  public EdgeList edges(
      @PathParam("org") String org,
      @PathParam("graph") String graph,
      @Parameter(description = "Relation, e.g. version_of") @QueryParam("rel") String rel,
      @Parameter(description = "1 to 500, default 50") @QueryParam("limit") String limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    return EdgeList.of(
        graphs.edges(
            GraphKey.of(org, graph),
            emptyToNull(rel),
            PageRequest.parse(limit, cursor, PageRequest.DEFAULT_LIMIT)));
  }

  @GET
  @Path("edges/{source}/{rel}/{target}")
  @Operation(summary = "The edge (source, target, rel)")
  @APIResponse(
      responseCode = "200",
      description = "The edge",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactEdge")))
  @APIResponse(
      responseCode = "404",
      description = "edge-not-found",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  public EdgeView edge(
      @PathParam("org") String org,
      @PathParam("graph") String graph,
      @PathParam("source") String source,
      @PathParam("rel") String rel,
      @PathParam("target") String target) {
    return EdgeView.of(graphs.getEdge(GraphKey.of(org, graph), source, rel, target));
  }

  @GET
  @Path("nodes/{id}/edges")
  @Operation(summary = "A node's outgoing (default) or incoming edges, in write order")
  @APIResponse(
      responseCode = "200",
      description = "A page of edges; nextCursor is null on the last page",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactEdgeList")))
  @APIResponse(
      responseCode = "404",
      description = "node-not-found",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  public EdgeList nodeEdges(
      @PathParam("org") String org,
      @PathParam("graph") String graph,
      @PathParam("id") String id,
      @Parameter(
              description = "out (edges whose source is the node, default) or in",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"out", "in"}))
          @QueryParam("direction")
          String direction,
      @Parameter(description = "Only this relation") @QueryParam("rel") String rel,
      @Parameter(description = "1 to 500, default 50") @QueryParam("limit") String limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    return EdgeList.of(
        graphs.edgesOf(
            GraphKey.of(org, graph),
            id,
            EdgeDirection.parse("direction", direction),
            emptyToNull(rel),
            PageRequest.parse(limit, cursor, PageRequest.DEFAULT_LIMIT)));
  }

  @GET
  @Path("nodes/{id}/lineage")
  @Operation(
      summary = "Walk a node's lineage along one relation, breadth-first",
      description =
          "backward follows edges from source to target (along version_of: to older versions),"
              + " forward from target to source, both is the union (collectLineageIds). Each node"
              + " appears once, at its shortest depth; the start has depth 0; cycles are safe."
              + " The Server-Timing header reports the time the walk took in the server.")
  @APIResponse(
      responseCode = "200",
      description = "The lineage in depth order",
      content = @Content(schema = @Schema(ref = "#/components/schemas/Lineage")))
  @APIResponse(
      responseCode = "404",
      description = "node-not-found",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  public Response lineage(
      @PathParam("org") String org,
      @PathParam("graph") String graph,
      @PathParam("id") String id,
      @Parameter(description = "Relation to follow, default version_of") @QueryParam("rel")
          String rel,
      @Parameter(
              description = "backward (default), forward or both",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"backward", "forward", "both"}))
          @QueryParam("direction")
          String direction,
      @Parameter(description = "0 to 1000, default 1000") @QueryParam("maxDepth") String maxDepth) {
    GraphKey key = GraphKey.of(org, graph);
    LineageDirection way = LineageDirection.parse("direction", direction);
    int depth = maxDepth(maxDepth);
    String relation = rel == null || rel.isEmpty() ? Relations.VERSION_OF : rel;
    long started = System.nanoTime();
    List<LineageEntry> entries = graphs.walkLineage(key, id, relation, way, depth);
    double millis = (System.nanoTime() - started) / 1_000_000.0;
    return Response.ok(Lineage.of(entries))
        .header("Server-Timing", String.format(Locale.ROOT, "walk;dur=%.3f", millis))
        .build();
  }

  @GET
  @Path("hypotheses")
  @Operation(
      summary = "Hypothesis nodes matching all given filters, newest first",
      description =
          "status and severity compare with data.status and data.severity; surfaced with"
              + " data.surfacedToLinear (true only for the literal true; a missing flag is"
              + " false); surfacedCycleCount_gte with data.surfacedCycleCount (missing = 0; an"
              + " unparsable bound is ignored).")
  @APIResponse(
      responseCode = "200",
      description = "A page of Hypothesis nodes (default 200)",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactNodeList")))
  public NodeList hypotheses(
      @PathParam("org") String org,
      @PathParam("graph") String graph,
      @QueryParam("status") String status,
      @QueryParam("severity") String severity,
      @Parameter(description = "true, or anything else for false") @QueryParam("surfaced")
          String surfaced,
      @Parameter(description = "Least data.surfacedCycleCount; ignored unless an integer")
          @QueryParam("surfacedCycleCount_gte")
          String surfacedCycleCountGte,
      @Parameter(
              description =
                  "Alias of surfacedCycleCount_gte, the name the original's callers used (core.md"
                      + " §6 item 15); surfacedCycleCount_gte wins when both are integers")
          @QueryParam("minSurfacedCycleCount")
          String minSurfacedCycleCount,
      @Parameter(description = "1 to 500, default 200") @QueryParam("limit") String limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    return NodeList.of(
        graphs.queryHypotheses(
            GraphKey.of(org, graph),
            HypothesisFilter.fromQuery(
                status, severity, surfaced, surfacedCycleCountGte, minSurfacedCycleCount),
            PageRequest.parse(limit, cursor, ArtifactGraphService.HYPOTHESIS_LIMIT)));
  }

  @GET
  @Path("specifications/active")
  @Operation(
      summary = "The active specification",
      description =
          "The newest Specification or WorkGraph without an incoming version_of edge (an adopted"
              + " successor wins). With ?domain=, candidates whose data name another domain are"
              + " skipped.")
  @APIResponse(
      responseCode = "200",
      description = "The active Specification or WorkGraph node",
      content = @Content(schema = @Schema(ref = "#/components/schemas/ArtifactNode")))
  @APIResponse(
      responseCode = "404",
      description = "no-active-specification",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = PROBLEM)))
  public NodeView activeSpecification(
      @PathParam("org") String org,
      @PathParam("graph") String graph,
      @QueryParam("domain") String domain) {
    return NodeView.of(graphs.activeSpecification(GraphKey.of(org, graph), emptyToNull(domain)));
  }

  private static int maxDepth(String value) {
    if (value == null || value.isEmpty()) {
      return LineageWalk.DEFAULT_MAX_DEPTH;
    }
    try {
      int depth = Integer.parseInt(value.trim());
      if (depth >= 0 && depth <= LineageWalk.MAX_DEPTH) {
        return depth;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new InvalidInputException(
        "invalid-request", "maxDepth", "must be an integer from 0 to " + LineageWalk.MAX_DEPTH);
  }

  private static Map<String, Object> map(JsonObject json) {
    return json == null ? Map.of() : JsonValues.toMap(json);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
