package ai.koales.ksp.it.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes over REST: append (scenario 23), upsert, read, limits (core.md §4.3, §5; api.md). */
@SystemTest
class ArtifactNodeIT {

  static final String REJECTION =
      "{\"id\":\"REJ-BRIDGE-esc-1-1781049600000\",\"nodeType\":\"RejectionRecord\","
          + "\"escalationId\":\"esc-1\"}";

  static void assertProblem(HttpResult r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemCode()).as(r.toString()).isEqualTo(code);
  }

  static List<String> errorFields(HttpResult r) {
    return r.json().getJsonArray("errors").stream()
        .map(v -> v.asJsonObject().getString("field"))
        .toList();
  }

  long rows(Ksp ksp, Graph g) {
    return ksp.db().count("SELECT COUNT(*) FROM artifact_node WHERE graph_key = ?", g.key());
  }

  @Test
  void appendStoresTheNodeTypeAsTypeAndEveryOtherMemberAsData_scenario23(Ksp ksp) {
    Graph g = Graph.fresh(ksp);

    HttpResult created = g.append(REJECTION);

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json()).isEqualTo(Graph.obj("{\"id\":\"REJ-BRIDGE-esc-1-1781049600000\"}"));
    assertThat(created.header("Location"))
        .endsWith(g.path("/nodes/REJ-BRIDGE-esc-1-1781049600000"));
    JsonObject node = g.get("/nodes/REJ-BRIDGE-esc-1-1781049600000").json();
    assertThat(node.getString("type")).isEqualTo("RejectionRecord");
    assertThat(node.getJsonObject("data"))
        .isEqualTo(
            Graph.obj("{\"id\":\"REJ-BRIDGE-esc-1-1781049600000\",\"escalationId\":\"esc-1\"}"));
    assertThat(node.getString("ns")).isEqualTo("factory");
    assertThat(node.getString("updated")).isEqualTo(node.getString("created"));
    assertThat(Instant.parse(node.getString("created")))
        .isBetween(Instant.now().minusSeconds(300), Instant.now().plusSeconds(300));
  }

  @Test
  void appendingAnExistingIdIs409AndLeavesTheNodeAlone_scenario23(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    assertThat(g.append(REJECTION).status()).isEqualTo(201);

    HttpResult again =
        g.append("{\"id\":\"REJ-BRIDGE-esc-1-1781049600000\",\"nodeType\":\"Other\",\"x\":1}");

    assertProblem(again, 409, "node-exists");
    assertThat(again.json().getString("nodeId")).isEqualTo("REJ-BRIDGE-esc-1-1781049600000");
    JsonObject node = g.get("/nodes/REJ-BRIDGE-esc-1-1781049600000").json();
    assertThat(node.getString("type")).isEqualTo("RejectionRecord");
    assertThat(node.getJsonObject("data").containsKey("x")).isFalse();
    assertThat(rows(ksp, g)).isEqualTo(1);
  }

  @Test
  void anEmptyObjectNamesBothMissingFields_scenario23(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    HttpResult r = g.append("{}");
    assertProblem(r, 400, "node-validation");
    assertThat(errorFields(r)).containsExactlyInAnyOrder("id", "nodeType");
    assertThat(rows(ksp, g)).isZero();
  }

  @Test
  void aMissingBlankOrNonStringNodeTypeIsRefused_scenario23(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    for (String body :
        List.of(
            "{\"id\":\"n-1\"}",
            "{\"id\":\"n-1\",\"nodeType\":\"\"}",
            "{\"id\":\"n-1\",\"nodeType\":\"  \"}",
            "{\"id\":\"n-1\",\"nodeType\":null}",
            "{\"id\":\"n-1\",\"nodeType\":7}")) {
      HttpResult r = g.append(body);
      assertProblem(r, 400, "node-validation");
      assertThat(errorFields(r)).as(body).containsExactly("nodeType");
    }
    assertThat(rows(ksp, g)).isZero();
  }

  @Test
  void aMissingBlankOrMalformedIdIsRefused(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    for (String body :
        List.of(
            "{\"nodeType\":\"X\"}",
            "{\"id\":\"\",\"nodeType\":\"X\"}",
            "{\"id\":42,\"nodeType\":\"X\"}",
            "{\"id\":\"a/b\",\"nodeType\":\"X\"}",
            "{\"id\":\"" + "x".repeat(201) + "\",\"nodeType\":\"X\"}")) {
      HttpResult r = g.append(body);
      assertProblem(r, 400, "node-validation");
      assertThat(errorFields(r)).as(body).containsExactly("id");
    }
    assertThat(rows(ksp, g)).isZero();
  }

  @Test
  void aBodyThatIsNotJsonOrNotAnObjectIsRefused_scenario23(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    HttpResult notJson = g.append("this is not json");
    assertProblem(notJson, 400, "malformed-json");
    assertThat(errorFields(notJson)).containsExactly("body");
    assertProblem(g.append("{\"id\":\"n-1\","), 400, "malformed-json");
    for (String body : List.of("[]", "\"n-1\"", "42", "null")) {
      HttpResult r = g.append(body);
      assertProblem(r, 400, "node-validation");
      assertThat(errorFields(r)).as(body).containsExactly("body");
    }
    assertThat(rows(ksp, g)).isZero();
  }

  @Test
  void theNamespaceIsNeverTakenFromTheCaller_INV_AG_003(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    assertThat(g.append("{\"id\":\"n-1\",\"nodeType\":\"X\",\"ns\":\"evil\"}").status())
        .isEqualTo(201);
    JsonObject node = g.get("/nodes/n-1").json();
    assertThat(node.getString("ns")).isEqualTo("factory");
    assertThat(node.getJsonObject("data").getString("ns")).isEqualTo("evil");
    assertThat(ksp.db().query("SELECT ns FROM artifact_node WHERE graph_key = ?", g.key()))
        .extracting(row -> row.get("ns"))
        .containsExactly("factory");
  }

  @Test
  void putCreatesThenReplacesDataAndUpdatedOnly(Ksp ksp) {
    Graph g = Graph.fresh(ksp);

    HttpResult created =
        g.put("hyp-1", "Hypothesis", "{\"status\":\"CANDIDATE\",\"surfacedCycleCount\":0}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.header("Location")).endsWith(g.path("/nodes/hyp-1"));
    assertThat(created.json().getJsonObject("data"))
        .isEqualTo(Graph.obj("{\"status\":\"CANDIDATE\",\"surfacedCycleCount\":0}"));

    HttpResult updated =
        g.put("hyp-1", "Hypothesis", "{\"status\":\"CANDIDATE\",\"surfacedCycleCount\":1}");
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    JsonObject node = updated.json();
    assertThat(node.getJsonObject("data").getInt("surfacedCycleCount")).isEqualTo(1);
    assertThat(node.getString("created")).isEqualTo(created.json().getString("created"));
    assertThat(Instant.parse(node.getString("updated")))
        .isAfterOrEqualTo(Instant.parse(node.getString("created")));
    assertThat(g.get("/nodes/hyp-1").json()).isEqualTo(node);
    assertThat(rows(ksp, g)).isEqualTo(1);
  }

  @Test
  void putWithAnotherTypeIsRefusedAndChangesNothing(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("hyp-1", "Hypothesis", "{\"a\":1}");
    HttpResult r = g.put("hyp-1", "Amendment", "{\"a\":2}");
    assertProblem(r, 409, "node-type-conflict");
    JsonObject node = g.get("/nodes/hyp-1").json();
    assertThat(node.getString("type")).isEqualTo("Hypothesis");
    assertThat(node.getJsonObject("data").getInt("a")).isEqualTo(1);
  }

  @Test
  void putValidatesItsBody(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    HttpResult noType = ksp.put(g.path("/nodes/n-1"), g.writer, "{\"data\":{}}");
    assertProblem(noType, 400, "node-validation");
    assertThat(errorFields(noType)).containsExactly("type");
    assertProblem(ksp.put(g.path("/nodes/n-1"), g.writer, "{\"type\":"), 400, "malformed-json");
    HttpResult withoutData = ksp.put(g.path("/nodes/n-1"), g.writer, "{\"type\":\"X\"}");
    assertThat(withoutData.status()).isEqualTo(201);
    assertThat(withoutData.json().getJsonObject("data")).isEmpty();
    assertProblem(
        ksp.put(g.path("/nodes/bad%20id"), g.writer, "{\"type\":\"X\"}"), 400, "invalid-id");
  }

  @Test
  void anUnknownNodeIs404(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    HttpResult r = g.get("/nodes/nope");
    assertProblem(r, 404, "node-not-found");
    assertThat(r.json().getString("nodeId")).isEqualTo("nope");
  }

  @Test
  void dataOverTheSizeLimitIs413AndNothingIsStored(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    String big = "x".repeat(256 * 1024);
    assertProblem(
        g.append("{\"id\":\"big\",\"nodeType\":\"X\",\"blob\":\"" + big + "\"}"),
        413,
        "payload-too-large");
    assertProblem(g.put("big", "X", "{\"blob\":\"" + big + "\"}"), 413, "payload-too-large");
    assertThat(rows(ksp, g)).isZero();

    String fits = "x".repeat(200 * 1024);
    assertThat(g.append("{\"id\":\"fits\",\"nodeType\":\"X\",\"blob\":\"" + fits + "\"}").status())
        .isEqualTo(201);
  }

  @Test
  void aBodyDeclaredFarTooLargeIsRefusedBeforeItIsRead(Ksp ksp) throws Exception {
    Graph g = Graph.fresh(ksp);
    URI base = ksp.base();
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      String head =
          "POST "
              + g.path("/nodes")
              + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + g.writer
              + "\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
              + "{\"id\":\"big\",\"nodeType\":\"X\",\"blob\":\"";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      // Only the head and a few bytes were sent: the answer cannot have waited for the body.
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[8192];
      while (!answer.toString().contains("urn:ksp:problem:payload-too-large")) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
      assertThat(answer.toString())
          .startsWith("HTTP/1.1 413")
          .containsIgnoringCase("content-type: application/problem+json")
          .contains("urn:ksp:problem:payload-too-large");
    }
    assertThat(rows(ksp, g)).isZero();
  }

  @Test
  void graphsAreIsolatedByOrgAndGraphName(Ksp ksp) {
    Graph a = Graph.fresh(ksp);
    Graph b = a.sibling("other");
    Graph c = Graph.fresh(ksp);
    a.node("n-1", "X", "{\"in\":\"a\"}");
    b.node("n-1", "Y", "{\"in\":\"b\"}");
    assertThat(c.get("/nodes/n-1").status()).isEqualTo(404);
    assertThat(a.get("/nodes/n-1").json().getString("type")).isEqualTo("X");
    assertThat(b.get("/nodes/n-1").json().getString("type")).isEqualTo("Y");
    JsonObject census = a.get("").json();
    assertThat(census.getString("graphKey")).isEqualTo(a.key());
    assertThat(census.getInt("nodeCount")).isEqualTo(1);
  }

  @Test
  void aGraphNameMayContainColonsBecauseTheOrgEndsAtTheFirst(Ksp ksp) {
    Graph g = Graph.fresh(ksp).sibling("artifact-graph:repo-1");
    g.node("n-1", "X");
    assertThat(g.get("").json().getString("graphKey")).isEqualTo(g.org + ":artifact-graph:repo-1");
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM artifact_node WHERE graph_key = ?",
                    g.org + ":artifact-graph:repo-1"))
        .isEqualTo(1);
  }
}
