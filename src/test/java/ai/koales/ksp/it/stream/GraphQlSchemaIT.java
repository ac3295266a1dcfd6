package ai.koales.ksp.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GraphQL schema is the SDL of edges.md §1.7, and only callers with a KSP role see it. */
@SystemTest
class GraphQlSchemaIT {

  @Test
  void theSchemaHasTheSdlsSevenQueriesThreeSubscriptionsAndARealJsonScalar_edges_1_7(Ksp ksp) {
    HttpResult r = ksp.get("/graphql/schema.graphql", ksp.token(Ksp.VIEWER, "x"));
    assertThat(r.status()).isEqualTo(200);
    String sdl = r.body().replaceAll("\"[^\"\\n]*\"\\n", "");
    assertThat(sdl)
        .contains("scalar JSON")
        .contains("session(id: ID!): FactorySession")
        .contains(
            "sessions(assemblyId: ID!, cursor: String, limit: Int, status: SessionStatus):"
                + " SessionPage!")
        .contains("sessionsByWorkOrder(workOrderId: ID!): [FactorySession!]!")
        .contains("artifact(id: ID!): FactoryArtifact")
        .contains("lineage(artifactId: ID!, depth: Int): LineageGraph!")
        .contains("beads(runId: ID!): [ExecutionBead!]!")
        .contains("amendments(runId: ID!): [Amendment!]!")
        .contains("sessionEvents(sessionId: ID!): JSON")
        .contains("artifactWrites(assemblyId: ID!): JSON")
        .contains("beadUpdates(runId: ID!): JSON")
        // SDL: [ArtifactKind!]; SmallRye cannot express an optional list of non-null elements.
        .contains("artifacts(kinds: [ArtifactKind]): [FactoryArtifact!]!")
        .contains("status: SessionStatus!")
        .contains("proposedChange: JSON!")
        .doesNotContain("_service");
    String query = sdl.substring(sdl.indexOf("type Query {"));
    query = query.substring(0, query.indexOf('}'));
    assertThat(query.lines().filter(l -> l.contains("(")).count()).isEqualTo(7);
    for (String type :
        List.of(
            "FactorySession",
            "SessionPage",
            "FactoryArtifact",
            "LineageGraph",
            "LineageEdge",
            "ExecutionBead",
            "ConsentBead",
            "Amendment",
            "VerificationReport",
            "EvidenceChain",
            "EvidenceBundle",
            "IntentSpecRef",
            "EpistemicSurface",
            "ReviewPrompt")) {
      assertThat(sdl).contains("type " + type + " {");
    }
    assertThat(sdl).contains("enum BeadStatus {\n  done\n  failed\n  in_progress\n  ready\n}");
  }

  @Test
  void theSchemaAndQueriesNeedAValidTokenWithAKspRole_edges_2_4(Ksp ksp) {
    HttpResult none = ksp.get("/graphql/schema.graphql", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.contentType()).startsWith("application/problem+json");
    HttpResult post =
        ksp.post("/graphql", null, "{\"query\":\"{ session(id: \\\"x\\\") { id } }\"}");
    assertThat(post.status()).isEqualTo(401);
    assertThat(post.problemCode()).isEqualTo("unauthorized");
    assertThat(post.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(
            ksp.post("/graphql", "not.a.jwt", "{\"query\":\"{ beads(runId: \\\"r\\\") { id } }\"}")
                .status())
        .isEqualTo(401);
    String noRole = ksp.tokens().mint("stranger", List.of("other-app"), List.of("x"));
    HttpResult forbidden =
        ksp.post("/graphql", noRole, "{\"query\":\"{ beads(runId: \\\"r\\\") { id } }\"}");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.problemCode()).isEqualTo("forbidden");
  }
}
