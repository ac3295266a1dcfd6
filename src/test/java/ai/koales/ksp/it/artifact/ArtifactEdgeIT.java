package ai.koales.ksp.it.artifact;

import static ai.koales.ksp.it.artifact.ArtifactNodeIT.assertProblem;
import static ai.koales.ksp.it.artifact.ArtifactNodeIT.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edges over REST: upsert (scenario 25, INV-AG-002/004), reading and listing. */
@SystemTest
class ArtifactEdgeIT {

  long edgeRows(Ksp ksp, Graph g) {
    return ksp.db().count("SELECT COUNT(*) FROM artifact_edge WHERE graph_key = ?", g.key());
  }

  @Test
  void aRepeatedUpsertReplacesThePropsOfTheOneEdge_scenario25_INV_AG_002(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("s", "Specification");
    g.node("t", "Execution");

    HttpResult first = g.putEdge("s", "governs", "t", "{\"by\":\"a\"}");
    HttpResult second = g.putEdge("s", "governs", "t", "{\"by\":\"b\"}");

    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.header("Location")).endsWith(g.path("/edges/s/governs/t"));
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    JsonObject edge = second.json();
    assertThat(edge.getString("id")).isEqualTo("s::governs::t");
    assertThat(edge.getString("source")).isEqualTo("s");
    assertThat(edge.getString("target")).isEqualTo("t");
    assertThat(edge.getString("rel")).isEqualTo("governs");
    assertThat(edge.getJsonObject("props")).isEqualTo(Graph.obj("{\"by\":\"b\"}"));
    assertThat(edge.getString("created")).isEqualTo(first.json().getString("created"));
    assertThat(g.get("/edges/s/governs/t").json()).isEqualTo(edge);
    assertThat(edgeRows(ksp, g)).isEqualTo(1);
    assertThat(
            ksp.db()
                .query("SELECT props FROM artifact_edge WHERE graph_key = ?", g.key())
                .get(0)
                .get("props"))
        .isEqualTo("{\"by\":\"b\"}");
  }

  @Test
  void anEdgeToAMissingNodeIs422AndNothingIsStored_scenario25_INV_AG_004(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("s", "Specification");

    HttpResult toMissing = g.putEdge("s", "governs", "ghost", null);
    assertProblem(toMissing, 422, "unknown-node");
    assertThat(toMissing.json().getJsonArray("missingNodeIds").getString(0)).isEqualTo("ghost");

    HttpResult bothMissing = g.putEdge("ghost-1", "governs", "ghost-2", null);
    assertProblem(bothMissing, 422, "unknown-node");
    assertThat(bothMissing.json().getJsonArray("missingNodeIds").toString())
        .isEqualTo("[\"ghost-1\",\"ghost-2\"]");
    assertThat(edgeRows(ksp, g)).isZero();
  }

  @Test
  void edgesNeverCrossGraphs_INV_AG_004(Ksp ksp) {
    Graph a = Graph.fresh(ksp);
    Graph b = a.sibling("other");
    a.node("s", "Specification");
    b.node("t", "Execution");
    assertProblem(a.putEdge("s", "governs", "t", null), 422, "unknown-node");
  }

  @Test
  void theDatabaseRefusesADanglingEdgeEvenBehindTheServicesBack_INV_AG_004(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("s", "Specification");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ksp.db()
                    .update(
                        "INSERT INTO artifact_edge (graph_key, source, target, rel, props,"
                            + " created, seq, version) VALUES (?, 's', 'ghost', 'governs', '{}',"
                            + " 1, 999, 1)",
                        g.key()))
        .hasRootCauseInstanceOf(java.sql.SQLException.class);
  }

  @Test
  void edgeWritesValidateTheirBody(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    HttpResult empty = ksp.put(g.path("/edges"), g.writer, "{}");
    assertProblem(empty, 400, "edge-validation");
    assertThat(errorFields(empty)).contains("source", "target", "rel");
    HttpResult badRel =
        ksp.put(g.path("/edges"), g.writer, "{\"source\":\"a\",\"target\":\"b\",\"rel\":\"x y\"}");
    assertProblem(badRel, 400, "edge-validation");
    assertThat(errorFields(badRel)).containsExactly("rel");
    assertProblem(ksp.put(g.path("/edges"), g.writer, "not json"), 400, "malformed-json");
  }

  @Test
  void edgesOfANodeAreListedOutOrInByRelationInWriteOrder(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("spec", "Specification");
    g.node("e1", "Execution");
    g.node("e2", "Execution");
    g.node("spec-0", "Specification");
    g.edge("spec", "governs", "e1");
    g.edge("spec", "version_of", "spec-0");
    g.edge("spec", "governs", "e2");

    assertThat(Graph.ids(g.get("/nodes/spec/edges")))
        .containsExactly("spec::governs::e1", "spec::version_of::spec-0", "spec::governs::e2");
    assertThat(Graph.ids(g.get("/nodes/spec/edges?direction=out&rel=governs")))
        .containsExactly("spec::governs::e1", "spec::governs::e2");
    assertThat(Graph.ids(g.get("/nodes/spec-0/edges?direction=in")))
        .containsExactly("spec::version_of::spec-0");
    assertThat(Graph.ids(g.get("/nodes/e1/edges?direction=out"))).isEmpty();
    assertThat(Graph.ids(g.get("/edges?rel=governs")))
        .containsExactly("spec::governs::e1", "spec::governs::e2");

    HttpResult page1 = g.get("/nodes/spec/edges?limit=2");
    assertThat(Graph.ids(page1)).hasSize(2);
    HttpResult page2 =
        g.get("/nodes/spec/edges?limit=2&cursor=" + page1.json().getString("nextCursor"));
    assertThat(Graph.ids(page2)).containsExactly("spec::governs::e2");
    assertThat(page2.json().isNull("nextCursor")).isTrue();
  }

  @Test
  void listingEdgesOfAnUnknownNodeOrWithABadDirectionIsRefused(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("spec", "Specification");
    assertProblem(g.get("/nodes/ghost/edges"), 404, "node-not-found");
    HttpResult bad = g.get("/nodes/spec/edges?direction=sideways");
    assertProblem(bad, 400, "invalid-request");
    assertThat(errorFields(bad)).containsExactly("direction");
    assertProblem(g.get("/edges/spec/governs/ghost"), 404, "edge-not-found");
  }

  @Test
  void aSelfLoopIsAnOrdinaryEdge(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("a", "X");
    assertThat(g.putEdge("a", "corrects", "a", null).status()).isEqualTo(201);
    assertThat(Graph.ids(g.get("/nodes/a/edges?direction=in")))
        .isEqualTo(List.of("a::corrects::a"));
  }
}
