package ai.koales.ksp.it.artifact;

import static ai.koales.ksp.it.artifact.ArtifactNodeIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may read and write artifact graphs (api.md "Conventions", "Artifact graph"). */
@SystemTest
class ArtifactGraphSecurityIT {

  static final String NODE = "{\"id\":\"n-1\",\"nodeType\":\"X\"}";

  @Test
  void aViewerReadsButCannotWrite(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("a", "X");
    g.node("b", "X");
    String viewer = ksp.token(Ksp.VIEWER, g.org);

    assertProblem(ksp.post(g.path("/nodes"), viewer, NODE), 403, "forbidden");
    assertProblem(ksp.put(g.path("/nodes/n-1"), viewer, "{\"type\":\"X\"}"), 403, "forbidden");
    assertProblem(
        ksp.put(g.path("/edges"), viewer, "{\"source\":\"a\",\"target\":\"b\",\"rel\":\"r\"}"),
        403,
        "forbidden");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM artifact_edge WHERE graph_key = ?", g.key()))
        .isZero();

    for (String read :
        List.of(
            "",
            "/nodes/a",
            "/nodes?type=X",
            "/nodes/a/edges",
            "/nodes/a/lineage",
            "/edges",
            "/hypotheses")) {
      assertThat(ksp.get(g.path(read), viewer).status()).as(read).isEqualTo(200);
    }
    assertThat(ksp.get(g.path("/specifications/active"), viewer).status()).isEqualTo(404);
  }

  @Test
  void operatorsAgentsAndAdminsWrite(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    String[] writers = {
      ksp.token(Ksp.OPERATOR, g.org), ksp.token(Ksp.AGENT, g.org), ksp.token(Ksp.ADMIN, "*")
    };
    for (int i = 0; i < writers.length; i++) {
      HttpResult r =
          ksp.post(g.path("/nodes"), writers[i], "{\"id\":\"n-" + i + "\",\"nodeType\":\"X\"}");
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
      assertThat(ksp.get(g.path("/nodes/n-" + i), writers[i]).status()).isEqualTo(200);
    }
  }

  @Test
  void anotherOrgsTokenIsForbiddenForReadsAndWrites(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("a", "X");
    String stranger = ksp.token(Ksp.OPERATOR, Ksp.newOrg("elsewhere"));
    assertProblem(ksp.get(g.path("/nodes/a"), stranger), 403, "org-forbidden");
    assertProblem(ksp.post(g.path("/nodes"), stranger, NODE), 403, "org-forbidden");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM artifact_node WHERE graph_key = ?", g.key()))
        .isEqualTo(1);
  }

  @Test
  void withoutATokenNothingIsServed(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    assertProblem(ksp.get(g.path("/nodes/a"), null), 401, "unauthorized");
    assertProblem(ksp.post(g.path("/nodes"), null, NODE), 401, "unauthorized");
  }

  @Test
  void anOrgIdWithAColonOrABadGraphNameIs400(Ksp ksp) {
    String admin = ksp.token(Ksp.ADMIN, "*");
    assertProblem(ksp.get("/api/v1/orgs/a:b/graphs/main/nodes/x", admin), 400, "invalid-id");
    assertProblem(ksp.get("/api/v1/orgs/a/graphs/bad%20name/nodes/x", admin), 400, "invalid-id");
  }

  @Test
  void theOpenApiDocumentDescribesEveryGraphOperationAndItsErrors(Ksp ksp) {
    HttpResult r = ksp.get("/openapi?format=json", null);
    assertThat(r.status()).isEqualTo(200);
    JsonObject paths = r.json().getJsonObject("paths");
    String base = "/api/v1/orgs/{org}/graphs/{graph}";
    JsonObject nodes = paths.getJsonObject(base + "/nodes");
    assertThat(nodes.getJsonObject("post").getJsonObject("responses").keySet())
        .contains("201", "400", "401", "403", "409", "413", "500");
    assertThat(nodes.getJsonObject("get")).isNotNull();
    assertThat(
            paths
                .getJsonObject(base + "/nodes/{id}")
                .getJsonObject("put")
                .getJsonObject("responses")
                .keySet())
        .contains("200", "201", "409", "413");
    assertThat(
            paths
                .getJsonObject(base + "/edges")
                .getJsonObject("put")
                .getJsonObject("responses")
                .keySet())
        .contains("200", "201", "422");
    for (String p :
        List.of(
            base,
            base + "/edges/{source}/{rel}/{target}",
            base + "/nodes/{id}/edges",
            base + "/nodes/{id}/lineage",
            base + "/hypotheses",
            base + "/specifications/active")) {
      assertThat(paths.containsKey(p)).as(p).isTrue();
    }
    assertThat(
            paths
                .getJsonObject(base + "/specifications/active")
                .getJsonObject("get")
                .getJsonObject("responses")
                .keySet())
        .contains("404");
  }
}
