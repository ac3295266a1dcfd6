package ai.koales.ksp.it.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.GraphQl;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import ai.koales.ksp.it.support.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The factory read model that GraphQL serves is KSP's own (edges.md §1.7, §1.8, §2.4): a
 * commissioning session runs to its end and everything it produced is there, with no row written by
 * the test: the passes' artifacts, the compiled function, the run's traces, the amendment, the
 * coherence and fidelity reports, the lineage from the compiled function back to the disposition,
 * and the {@code artifactWrites} of the session's assembly with each artifact's kind. Another org
 * sees none of it.
 */
@SystemTest
class FactoryGraphQlIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  static JsonObject data(HttpResult r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().containsKey("errors")).as(r.body()).isFalse();
    return r.json().getJsonObject("data");
  }

  static JsonObject error(HttpResult r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().containsKey("errors")).as(r.body()).isTrue();
    return r.json().getJsonArray("errors").getJsonObject(0);
  }

  @Test
  void aCommissioningSessionsArtifactsReportsAndLineageAreReadThroughGraphQl(Ksp ksp) {
    Factory f = Factory.forNewOrg(ksp, "gql-model");
    String de = "DE-" + f.org;
    String repo = "repo-" + UUID.randomUUID().toString().substring(0, 8);
    f.policy();
    f.elucidation("ELC-gql", "Greeting", List.of("write hello.txt", "greet in French [[fail]]"));
    GraphQl gql = new GraphQl(ksp);

    Map<String, String> written = new HashMap<>();
    try (WsClient ws = gql.connect(f.viewer)) {
      ws.send(
          GraphQl.subscribe(
              "arts", "subscription { artifactWrites(assemblyId: \"" + repo + "\") }", null));
      assertThat(f.signal(de, "ELC-gql", false, repo).status()).isEqualTo(202);
      // 4 pass artifacts, the compiled specification and 2 directives, 2 traces, 1 amendment.
      while (written.size() < 10) {
        JsonObject m = GraphQl.next(ws, WAIT);
        assertThat(m.getString("type")).as(m.toString()).isEqualTo("next");
        assertThat(m.getString("id")).isEqualTo("arts");
        JsonObject w =
            m.getJsonObject("payload").getJsonObject("data").getJsonObject("artifactWrites");
        assertThat(w.getString("sessionId")).isEqualTo(de);
        assertThat(w.getString("occurredAt")).endsWith("Z");
        written.put(w.getString("artifactId"), w.getString("kind"));
      }
    }
    assertThat(written.values())
        .containsOnly(
            "ELUCIDATION", "SPECIFICATION", "COMPILED_FUNCTION", "EXECUTION_TRACE", "AMENDMENT");
    List<String> kinds = f.kinds(de, "SESSION_FAILED");
    assertThat(kinds.get(kinds.size() - 1)).isEqualTo("SESSION_FAILED");

    JsonObject session =
        data(gql.query(
                f.viewer,
                "query($id: ID!) { session(id: $id) { id assemblyId status runId orgId"
                    + " artifacts { id sessionId kind contentRef contentHash createdAt metadata }"
                    + " traces: artifacts(kinds: [EXECUTION_TRACE]) { id }"
                    + " verificationReports { reportId sessionId kind verdict notes artifactId }"
                    + " } }",
                Json.createObjectBuilder().add("id", de).build()))
            .getJsonObject("session");
    assertThat(session.getString("status")).isEqualTo("FAILED");
    assertThat(session.getString("assemblyId")).isEqualTo(repo);
    assertThat(session.getString("orgId")).isEqualTo(f.org);
    List<JsonObject> artifacts = session.getJsonArray("artifacts").getValuesAs(JsonObject.class);
    assertThat(artifacts).hasSize(10);
    assertThat(artifacts).allSatisfy(a -> assertThat(a.getString("sessionId")).isEqualTo(de));
    Map<String, List<String>> byKind = new HashMap<>();
    for (JsonObject a : artifacts) {
      byKind.computeIfAbsent(a.getString("kind"), k -> new ArrayList<>()).add(a.getString("id"));
      assertThat(written).containsEntry(a.getString("id"), a.getString("kind"));
    }
    assertThat(byKind.get("ELUCIDATION")).hasSize(3);
    assertThat(byKind.get("SPECIFICATION")).singleElement().asString().startsWith("IS-");
    assertThat(byKind.get("COMPILED_FUNCTION")).hasSize(3);
    assertThat(byKind.get("EXECUTION_TRACE")).hasSize(2);
    assertThat(byKind.get("AMENDMENT")).hasSize(1);
    assertThat(session.getJsonArray("traces")).hasSize(2);
    String intent = byKind.get("SPECIFICATION").get(0);
    String compiled =
        byKind.get("COMPILED_FUNCTION").stream()
            .filter(id -> id.startsWith("SPECIFICATION-"))
            .findFirst()
            .orElseThrow();
    JsonObject intentArtifact =
        artifacts.stream().filter(a -> a.getString("id").equals(intent)).findFirst().orElseThrow();
    assertThat(intentArtifact.getString("contentHash")).startsWith("sha256:");
    assertThat(intentArtifact.getJsonObject("metadata").getString("kind"))
        .isEqualTo("IntentSpecification");

    List<JsonObject> reports =
        session.getJsonArray("verificationReports").getValuesAs(JsonObject.class);
    assertThat(reports)
        .extracting(r -> r.getString("kind") + " " + r.getString("verdict"))
        .containsExactly("COHERENCE PASS", "FIDELITY FAIL");
    assertThat(reports.get(0).getString("artifactId")).isEqualTo(compiled);

    JsonObject artifact =
        data(gql.query(
                f.viewer,
                "{ artifact(id: \"" + compiled + "\") { id sessionId kind contentHash } }",
                null))
            .getJsonObject("artifact");
    assertThat(artifact.getString("kind")).isEqualTo("COMPILED_FUNCTION");
    assertThat(artifact.getString("sessionId")).isEqualTo(de);

    // From the compiled function back to the disposition: compiles, governs x3, produced_at, and
    // the function's two directives.
    List<JsonObject> edges =
        data(gql.query(
                f.viewer,
                "{ lineage(artifactId: \""
                    + compiled
                    + "\", depth: 5) { rootId depth edges { sourceId targetId rel } } }",
                null))
            .getJsonObject("lineage")
            .getJsonArray("edges")
            .getValuesAs(JsonObject.class);
    assertThat(edges)
        .extracting(e -> e.getString("rel"))
        .containsExactlyInAnyOrder(
            "compiles", "specifies", "specifies", "governs", "governs", "governs", "produced_at");
    assertThat(edges)
        .anySatisfy(
            e -> {
              assertThat(e.getString("sourceId")).isEqualTo(compiled);
              assertThat(e.getString("targetId")).isEqualTo(intent);
            });
    assertThat(edges)
        .anySatisfy(e -> assertThat(e.getString("targetId")).isEqualTo(de))
        .as("the last hop reaches the disposition event");

    // Another org's reader: the artifacts are forbidden and no lineage leads into them, not even
    // from a root nobody owns.
    String stranger = ksp.token(Ksp.VIEWER, Ksp.newOrg("gql-stranger"));
    assertThat(
            error(gql.query(stranger, "{ artifact(id: \"" + compiled + "\") { id } }", null))
                .getJsonObject("extensions")
                .getString("code"))
        .isEqualTo("FORBIDDEN");
    assertThat(
            error(
                    gql.query(
                        stranger,
                        "{ lineage(artifactId: \"" + compiled + "\") { edges { targetId } } }",
                        null))
                .getJsonObject("extensions")
                .getString("code"))
        .isEqualTo("FORBIDDEN");
    String ghost = "ghost-" + UUID.randomUUID();
    foreignEdge(ksp, ghost, intent, "points_at", null);
    foreignEdge(ksp, ghost, "elsewhere", "of_org", f.org);
    String ghostLineage = "{ lineage(artifactId: \"" + ghost + "\") { edges { targetId rel } } }";
    assertThat(
            data(gql.query(stranger, ghostLineage, null))
                .getJsonObject("lineage")
                .getJsonArray("edges"))
        .isEmpty();
    assertThat(
            data(gql.query(f.viewer, ghostLineage, null))
                .getJsonObject("lineage")
                .getJsonArray("edges")
                .getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("rel"))
        .contains("points_at", "of_org", "governs");
    assertThat(
            error(gql.query(stranger, "{ session(id: \"" + de + "\") { id } }", null))
                .getJsonObject("extensions")
                .getString("code"))
        .isEqualTo("FORBIDDEN");
  }

  /** An edge written by another system (no projection), as the read model's table allows. */
  static void foreignEdge(Ksp ksp, String source, String target, String rel, String org) {
    String id =
        ksp.db().isPostgres()
            ? "nextval('artifact_edges_seq')"
            : "NEXT VALUE FOR artifact_edges_seq";
    ksp.db()
        .update(
            "INSERT INTO artifact_edges (id, source_id, target_id, rel, props, org_id) VALUES ("
                + id
                + ", ?, ?, ?, NULL, ?)",
            source,
            target,
            rel,
            org);
  }
}
