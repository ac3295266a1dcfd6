package ai.koales.ksp.it.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Loop closure over HTTP (core.md §4.4, scenarios 27-33; api.md "Loop closure"), asserting the
 * nodes, edges and beads each bridge point must write, by type and relation.
 */
@SystemTest
class LoopClosureIT {

  static final String TRACE_42 =
      """
      {"atomId":"atom-42","outcome":"failure","attemptsExhausted":true,"detectorFirings":[{"invId":"INV-001","severity":"warning","message":"m"}]}""";

  /**
   * An org with policy P (EXECUTE_BOUNDED), trust T (vendor-1, APPROVED 0.8) and spec-001 in graph
   * main.
   */
  record Org(String id, String policy, String trust) {}

  static Org setUp(Ksp ksp, String prefix) {
    String org = Ksp.newOrg(prefix);
    String op = ksp.token(Ksp.OPERATOR, org);
    String policy =
        ksp.post(
                "/api/v1/orgs/" + org + "/beads",
                op,
                """
            {"type":"policy","content":{"scope":"org","rules":{},"autonomy":"EXECUTE_BOUNDED","effective_at":"2026-06-10T00:00:00Z"}}""")
            .json()
            .getString("beadId");
    String trust =
        ksp.post(
                "/api/v1/orgs/" + org + "/beads",
                op,
                """
            {"type":"trust","content":{"subject_id":"vendor-1","subject_type":"vendor","status":"APPROVED","trust_score":0.8,"rationale":"t","evidence_refs":[]}}""")
            .json()
            .getString("beadId");
    HttpResult spec =
        ksp.post(
            "/api/v1/orgs/" + org + "/graphs/main/nodes",
            op,
            """
        {"id":"spec-001","nodeType":"Specification","version":"v1","title":"Deploy"}""");
    assertThat(spec.status()).as(spec.toString()).isEqualTo(201);
    return new Org(org, policy, trust);
  }

  static JsonObject open(Ksp ksp, String org) {
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + org + "/loop/sessions",
            ksp.token(Ksp.AGENT, org),
            "{\"roleId\":\"role-1\",\"agentId\":\"agent-1\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static JsonObject execute(Ksp ksp, String org, String session) {
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + org + "/loop/sessions/" + session + "/executions",
            ksp.token(Ksp.AGENT, org),
            """
            {"domain":"factory","action":"deploy","toolCallCount":3,"status":"running","summary":"deploying"}""");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static HttpResult outcome(
      Ksp ksp, String org, String session, String executionBeadId, String trace) {
    return ksp.post(
        "/api/v1/orgs/" + org + "/loop/sessions/" + session + "/outcomes",
        ksp.token(Ksp.AGENT, org),
        """
        {"executionBeadId":"%s","toolCallCount":3,"status":"FAILURE","summary":"deploy failed"%s}"""
            .formatted(executionBeadId, trace == null ? "" : ",\"trace\":" + trace));
  }

  /** Node types of the org's graph main, with counts. */
  static Map<String, Long> nodes(Ksp ksp, String org) {
    Map<String, Long> out = new TreeMap<>();
    ksp.db()
        .query(
            "SELECT type, COUNT(*) AS n FROM artifact_node WHERE graph_key = ? GROUP BY type",
            org + ":main")
        .forEach(r -> out.put((String) r.get("type"), ((Number) r.get("n")).longValue()));
    return out;
  }

  static Map<String, Long> edges(Ksp ksp, String org) {
    Map<String, Long> out = new TreeMap<>();
    ksp.db()
        .query(
            "SELECT rel, COUNT(*) AS n FROM artifact_edge WHERE graph_key = ? GROUP BY rel",
            org + ":main")
        .forEach(r -> out.put((String) r.get("rel"), ((Number) r.get("n")).longValue()));
    return out;
  }

  static Map<String, Long> beads(Ksp ksp, String org) {
    Map<String, Long> out = new TreeMap<>();
    ksp.db()
        .query("SELECT bead_type, COUNT(*) AS n FROM bead WHERE org_id = ? GROUP BY bead_type", org)
        .forEach(r -> out.put((String) r.get("bead_type"), ((Number) r.get("n")).longValue()));
    return out;
  }

  static boolean edge(Ksp ksp, String org, String source, String rel, String target) {
    return ksp.db()
            .count(
                "SELECT COUNT(*) FROM artifact_edge WHERE graph_key = ? AND source = ? AND rel = ? AND target = ?",
                org + ":main",
                source,
                rel,
                target)
        == 1;
  }

  static String nodeType(Ksp ksp, String org, String id) {
    return (String)
        ksp.db()
            .query(
                "SELECT type FROM artifact_node WHERE graph_key = ? AND id = ?", org + ":main", id)
            .get(0)
            .get("type");
  }

  static JsonObject bead(Ksp ksp, String org, String id) {
    return ksp.get("/api/v1/orgs/" + org + "/beads/" + id, ksp.token(Ksp.VIEWER, org)).json();
  }

  @Test
  void aFullLoopFromSessionToAdoptedSpecificationWritesEveryNodeEdgeAndBead(Ksp ksp) {
    Org o = setUp(ksp, "loop");
    String org = o.id();

    // BP1 (scenario 27)
    JsonObject session = open(ksp, org);
    assertThat(session.getString("autonomyFloor")).isEqualTo("EXECUTE_BOUNDED");
    assertThat(session.getString("policyBeadId")).isEqualTo(o.policy());
    assertThat(session.getString("trustBeadId")).isEqualTo(o.trust());
    assertThat(session.getString("activeSpecificationId")).isEqualTo("spec-001");
    String sid = session.getString("sessionId");
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/sessions/" + sid, ksp.token(Ksp.AGENT, org))
                .json()
                .getString("activeSpecificationId"))
        .as("loop sessions are knowing-state sessions (Q12)")
        .isEqualTo("spec-001");

    // BP2 (scenario 28)
    JsonObject execution = execute(ksp, org, sid);
    String executionNode = execution.getString("executionNodeId");
    String executionBead = execution.getString("executionBeadId");
    assertThat(nodeType(ksp, org, executionNode)).isEqualTo("Execution");
    assertThat(edge(ksp, org, "spec-001", "governs", executionNode)).isTrue();
    JsonObject eb = bead(ksp, org, executionBead);
    assertThat(eb.getJsonArray("parentIds").getValuesAs(JsonString::getString))
        .containsExactlyElementsOf(sorted(o.policy(), o.trust()));
    assertThat(eb.getJsonObject("content").getString("artifact_graph_execution_id"))
        .isEqualTo(executionNode);
    assertThat(eb.getJsonObject("content").getString("autonomy_level"))
        .isEqualTo("EXECUTE_BOUNDED");
    assertThat(eb.getJsonObject("content").getString("subject_id")).isEqualTo(executionNode);

    // BP3 (scenario 29)
    HttpResult out = outcome(ksp, org, sid, executionBead, TRACE_42);
    assertThat(out.status()).as(out.toString()).isEqualTo(201);
    String trace = out.json().getString("traceNodeId");
    List<String> divergences =
        out.json().getJsonArray("divergenceIds").getValuesAs(JsonString::getString);
    assertThat(divergences).hasSize(2);
    assertThat(out.json().getBoolean("triggersAmendment")).isTrue();
    assertThat(nodeType(ksp, org, trace)).isEqualTo("ExecutionTrace");
    assertThat(edge(ksp, org, executionNode, "produces", trace)).isTrue();
    divergences.forEach(d -> assertThat(edge(ksp, org, trace, "evidences", d)).isTrue());
    assertThat(edge(ksp, org, trace, "diverges_from", "spec-001")).isTrue();
    assertThat(edge(ksp, org, divergences.get(0), "concerns", "claim-INV-001")).isTrue();
    JsonObject ob = bead(ksp, org, out.json().getString("outcomeBeadId"));
    assertThat(ob.getJsonObject("content").getBoolean("triggers_amendment")).isTrue();
    assertThat(ob.getJsonObject("content").getString("artifact_graph_divergence_id"))
        .isEqualTo(divergences.get(0));
    assertThat(ob.getJsonArray("parentIds").getString(0)).isEqualTo(executionBead);

    // BP4 (scenario 31)
    HttpResult proposed =
        ksp.post(
            "/api/v1/orgs/" + org + "/loop/amendments",
            ksp.token(Ksp.AGENT, org),
            """
            {"divergenceId":"%s","outcomeBeadId":"%s"}"""
                .formatted(divergences.get(0), out.json().getString("outcomeBeadId")));
    assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
    String amendmentNode = proposed.json().getString("amendmentNodeId");
    String hypothesis = proposed.json().getString("hypothesisNodeId");
    String pending = proposed.json().getString("amendmentBeadId");
    assertThat(edge(ksp, org, divergences.get(0), "evidence_for", hypothesis)).isTrue();
    assertThat(edge(ksp, org, hypothesis, "motivates", amendmentNode)).isTrue();
    assertThat(edge(ksp, org, amendmentNode, "proposes_modification_of", "spec-001")).isTrue();
    JsonObject pb = bead(ksp, org, pending);
    assertThat(pb.getJsonObject("content").getString("status")).isEqualTo("PENDING");
    assertThat(pb.getJsonObject("content").getString("target_bead_id"))
        .as("the execution's trust bead (the FIX)")
        .isEqualTo(o.trust());
    assertThat(pb.getJsonObject("content").getString("artifact_graph_amendment_id"))
        .isEqualTo(amendmentNode);
    assertThat(pb.getString("writtenBy")).isEqualTo("loop-closure-service");
    String pendingAudit =
        ksp.db()
            .query(
                "SELECT child_id FROM bead_edge WHERE org_id = ? AND parent_id = ? AND rel = 'audits'",
                org,
                pending)
            .get(0)
            .get("child_id")
            .toString();
    assertThat(bead(ksp, org, pendingAudit).getJsonObject("content").getString("session_id"))
        .isEqualTo("system-" + org);
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/amendments?status=open", ksp.token(Ksp.VIEWER, org))
                .items())
        .hasSize(1);

    // BP5 (scenario 32), verified by the server's verifier
    HttpResult adopted =
        ksp.post(
            "/api/v1/orgs/" + org + "/loop/amendments/" + amendmentNode + "/adoption",
            ksp.token(Ksp.OPERATOR, org),
            "{\"amendmentBeadId\":\"" + pending + "\"}");
    assertThat(adopted.status()).as(adopted.toString()).isEqualTo(200);
    assertThat(adopted.json().getBoolean("adopted")).isTrue();
    String newSpec = adopted.json().getString("newSpecificationId");
    String newTrust = adopted.json().getString("newBeadId");
    assertThat(nodeType(ksp, org, newSpec)).isEqualTo("Specification");
    assertThat(edge(ksp, org, newSpec, "version_of", "spec-001")).isTrue();
    assertThat(edge(ksp, org, amendmentNode, "if_adopted_produces", newSpec)).isTrue();
    assertThat(edges(ksp, org))
        .containsEntry("subject_to", 1L)
        .containsEntry("produces_verdict", 1L)
        .containsEntry("produced_at", 1L);
    assertThat(nodes(ksp, org))
        .containsEntry("VerificationProcess", 1L)
        .containsEntry("Verdict", 1L)
        .containsEntry("DispositionEvent", 1L)
        .containsEntry("ElucidationArtifact", 1L);
    JsonObject nt = bead(ksp, org, newTrust);
    assertThat(nt.getString("type")).isEqualTo("trust");
    assertThat(nt.getJsonObject("content").getString("subject_id"))
        .as("the subject is kept (item 7)")
        .isEqualTo("vendor-1");
    assertThat(nt.getJsonObject("content").getString("artifact_graph_specification_id"))
        .isEqualTo(newSpec);
    assertThat(nt.getJsonObject("content").getJsonNumber("trust_score").doubleValue())
        .isLessThan(0.8);
    assertThat(nt.getString("writtenBy")).isEqualTo("ksp-operator-it");
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/trust/vendor-1", ksp.token(Ksp.VIEWER, org))
                .json()
                .getString("beadId"))
        .isEqualTo(newTrust);
    JsonObject approved = bead(ksp, org, adopted.json().getString("approvedBeadId"));
    assertThat(approved.getJsonObject("content").getString("status")).isEqualTo("APPROVED");
    assertThat(approved.getJsonObject("content").getString("reviewed_by"))
        .isEqualTo("ksp-operator-it");
    assertThat(approved.getJsonObject("content").getString("if_approved_produces"))
        .isEqualTo(newTrust);
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/amendments?status=open", ksp.token(Ksp.VIEWER, org))
                .items())
        .isEmpty();

    Map<String, Long> expectedNodes = new TreeMap<>();
    expectedNodes.putAll(
        Map.of(
            "Specification",
            2L,
            "Execution",
            1L,
            "ExecutionTrace",
            1L,
            "Divergence",
            2L,
            "Claim",
            2L,
            "Hypothesis",
            1L));
    expectedNodes.putAll(
        Map.of(
            "Amendment",
            1L,
            "VerificationProcess",
            1L,
            "Verdict",
            1L,
            "DispositionEvent",
            1L,
            "ElucidationArtifact",
            1L));
    assertThat(nodes(ksp, org)).isEqualTo(expectedNodes);
    assertThat(beads(ksp, org))
        .isEqualTo(
            new TreeMap<>(
                Map.of(
                    "policy",
                    1L,
                    "trust",
                    2L,
                    "execution",
                    1L,
                    "outcome",
                    1L,
                    "amendment",
                    2L,
                    "audit",
                    7L)));

    // BP5 again: refused, nothing new written
    Map<String, Long> nodesBefore = nodes(ksp, org);
    Map<String, Long> edgesBefore = edges(ksp, org);
    Map<String, Long> beadsBefore = beads(ksp, org);
    HttpResult again =
        ksp.post(
            "/api/v1/orgs/" + org + "/loop/amendments/" + amendmentNode + "/adoption",
            ksp.token(Ksp.OPERATOR, org),
            "{\"amendmentBeadId\":\"" + pending + "\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.problemCode()).isEqualTo("amendment-already-resolved");
    assertThat(nodes(ksp, org)).isEqualTo(nodesBefore);
    assertThat(edges(ksp, org)).isEqualTo(edgesBefore);
    assertThat(beads(ksp, org)).isEqualTo(beadsBefore);
  }

  @Test
  void scenario27_withoutAPolicyOrWhenRetrievalFailsTheFloorIsSuggestAndNothingFails(Ksp ksp) {
    String org = Ksp.newOrg("s27");
    assertThat(open(ksp, org).getString("autonomyFloor")).isEqualTo("SUGGEST");

    Org o = setUp(ksp, "s27b");
    String broken =
        ksp.post(
                "/api/v1/orgs/" + o.id() + "/beads",
                ksp.token(Ksp.OPERATOR, o.id()),
                """
            {"type":"trust","content":{"subject_id":"v-x","subject_type":"vendor","status":"APPROVED","trust_score":0.9,"rationale":"t","evidence_refs":[]}}""")
            .json()
            .getString("beadId");
    ksp.db()
        .update(
            "UPDATE bead SET content = '{not json' WHERE org_id = ? AND bead_id = ?",
            o.id(),
            broken);
    JsonObject degraded = open(ksp, o.id());
    assertThat(degraded.getString("autonomyFloor")).isEqualTo("SUGGEST");
    assertThat(degraded.isNull("policyBeadId")).isTrue();
  }

  @Test
  void scenario29_anOutcomeWithoutDivergenceHasANullBridge_Q2(Ksp ksp) {
    Org o = setUp(ksp, "s29");
    String sid = open(ksp, o.id()).getString("sessionId");
    String exec = execute(ksp, o.id(), sid).getString("executionBeadId");
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + o.id() + "/loop/sessions/" + sid + "/outcomes",
            ksp.token(Ksp.AGENT, o.id()),
            """
        {"executionBeadId":"%s","toolCallCount":1,"status":"done","summary":"ok"}"""
                .formatted(exec));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().getJsonArray("divergenceIds")).isEmpty();
    assertThat(r.json().getBoolean("triggersAmendment")).isFalse();
    JsonObject content =
        bead(ksp, o.id(), r.json().getString("outcomeBeadId")).getJsonObject("content");
    assertThat(content.containsKey("artifact_graph_divergence_id")).isTrue();
    assertThat(content.isNull("artifact_graph_divergence_id")).isTrue();
    assertThat(content.getString("status")).as("done is SUCCESS (item 12)").isEqualTo("SUCCESS");
    HttpResult invalid =
        ksp.post(
            "/api/v1/orgs/" + o.id() + "/loop/sessions/" + sid + "/outcomes",
            ksp.token(Ksp.AGENT, o.id()),
            """
        {"executionBeadId":"%s","toolCallCount":1,"status":"complete","summary":"ok"}"""
                .formatted(exec));
    assertThat(invalid.status()).isEqualTo(400);
  }

  @Test
  void scenario30_anUnknownExecutionIsAnchoredByNodeAndBead_FIX(Ksp ksp) {
    Org o = setUp(ksp, "s30");
    String sid = open(ksp, o.id()).getString("sessionId");
    HttpResult r = outcome(ksp, o.id(), sid, "bead-r6-A", null);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonObject outcomeBead = bead(ksp, o.id(), r.json().getString("outcomeBeadId"));
    String anchor = outcomeBead.getJsonArray("parentIds").getString(0);
    JsonObject anchorBead = bead(ksp, o.id(), anchor);
    assertThat(anchorBead.getString("type")).isEqualTo("execution");
    String anchorNode =
        anchorBead.getJsonObject("content").getString("artifact_graph_execution_id");
    assertThat(nodeType(ksp, o.id(), anchorNode)).isEqualTo("Execution");
    assertThat(edge(ksp, o.id(), "spec-001", "governs", anchorNode)).isTrue();
    assertThat(edge(ksp, o.id(), anchorNode, "produces", r.json().getString("traceNodeId")))
        .isTrue();
  }

  @Test
  void retriedBridgePointsWriteNothingNew_INV_LC_003(Ksp ksp) {
    Org o = setUp(ksp, "retry");
    String sid = open(ksp, o.id()).getString("sessionId");
    JsonObject first = execute(ksp, o.id(), sid);
    JsonObject second = execute(ksp, o.id(), sid);
    assertThat(second.getString("executionNodeId")).isEqualTo(first.getString("executionNodeId"));
    assertThat(second.getString("executionBeadId")).isEqualTo(first.getString("executionBeadId"));
    HttpResult o1 = outcome(ksp, o.id(), sid, first.getString("executionBeadId"), TRACE_42);
    Map<String, Long> nodes = nodes(ksp, o.id());
    Map<String, Long> beads = beads(ksp, o.id());
    HttpResult o2 = outcome(ksp, o.id(), sid, first.getString("executionBeadId"), TRACE_42);
    assertThat(o2.json().getString("outcomeBeadId"))
        .isEqualTo(o1.json().getString("outcomeBeadId"));
    assertThat(nodes(ksp, o.id())).isEqualTo(nodes);
    assertThat(beads(ksp, o.id())).isEqualTo(beads);
    assertThat(nodes.get("Execution")).isEqualTo(1L);
  }

  @Test
  void scenario33_aFailedVerificationRejectsAndWritesNothingElse(Ksp ksp) {
    Org o = setUp(ksp, "s33");
    String sid = open(ksp, o.id()).getString("sessionId");
    String exec = execute(ksp, o.id(), sid).getString("executionBeadId");
    HttpResult out = outcome(ksp, o.id(), sid, exec, TRACE_42);
    HttpResult proposed =
        ksp.post(
            "/api/v1/orgs/" + o.id() + "/loop/amendments",
            ksp.token(Ksp.OPERATOR, o.id()),
            """
            {"divergenceId":"%s","outcomeBeadId":"%s"}"""
                .formatted(
                    out.json().getJsonArray("divergenceIds").getString(0),
                    out.json().getString("outcomeBeadId")));
    String amendmentNode = proposed.json().getString("amendmentNodeId");
    HttpResult rejected =
        ksp.post(
            "/api/v1/orgs/" + o.id() + "/loop/amendments/" + amendmentNode + "/adoption",
            ksp.token(Ksp.OPERATOR, o.id()),
            """
            {"amendmentBeadId":"%s","verification":{"passed":false,"gate":"compile","score":0.6}}"""
                .formatted(proposed.json().getString("amendmentBeadId")));
    assertThat(rejected.status()).isEqualTo(200);
    assertThat(rejected.json().getBoolean("adopted")).isFalse();
    JsonObject r = bead(ksp, o.id(), rejected.json().getString("rejectedBeadId"));
    assertThat(r.getJsonObject("content").getString("status")).isEqualTo("REJECTED");
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM bead_edge WHERE org_id = ? AND child_id = ? AND parent_id = ? AND rel = 'supersedes'",
                    o.id(),
                    r.getString("beadId"),
                    proposed.json().getString("amendmentBeadId")))
        .isEqualTo(1);
    assertThat(nodes(ksp, o.id()))
        .containsEntry("VerificationProcess", 1L)
        .containsEntry("Verdict", 1L)
        .containsEntry("Specification", 1L)
        .doesNotContainKey("DispositionEvent")
        .doesNotContainKey("ElucidationArtifact");
    assertThat(
            ksp.db()
                .query(
                    "SELECT data FROM artifact_node WHERE graph_key = ? AND type = 'Verdict'",
                    o.id() + ":main")
                .get(0)
                .get("data")
                .toString())
        .contains("unfavorable");
    assertThat(
            ksp.get("/api/v1/orgs/" + o.id() + "/trust/vendor-1", ksp.token(Ksp.VIEWER, o.id()))
                .json()
                .getString("beadId"))
        .isEqualTo(o.trust());
  }

  @Test
  void anAmendmentNeedsATarget_noPolicyNoTrust(Ksp ksp) {
    String org = Ksp.newOrg("notarget");
    String op = ksp.token(Ksp.OPERATOR, org);
    ksp.post(
        "/api/v1/orgs/" + org + "/graphs/main/nodes",
        op,
        "{\"id\":\"spec-001\",\"nodeType\":\"Specification\"}");
    String sid = open(ksp, org).getString("sessionId");
    String exec = execute(ksp, org, sid).getString("executionBeadId");
    HttpResult out = outcome(ksp, org, sid, exec, TRACE_42);
    HttpResult proposed =
        ksp.post(
            "/api/v1/orgs/" + org + "/loop/amendments",
            op,
            """
            {"divergenceId":"%s","outcomeBeadId":"%s"}"""
                .formatted(
                    out.json().getJsonArray("divergenceIds").getString(0),
                    out.json().getString("outcomeBeadId")));
    assertThat(proposed.status()).isEqualTo(422);
    assertThat(proposed.problemCode()).isEqualTo("no-amendment-target");
    assertThat(nodes(ksp, org)).doesNotContainKey("Hypothesis").doesNotContainKey("Amendment");
  }

  @Test
  void onlyOperatorsAdoptAndUnknownSessionsAre404(Ksp ksp) {
    Org o = setUp(ksp, "roles");
    HttpResult agentAdopts =
        ksp.post(
            "/api/v1/orgs/" + o.id() + "/loop/amendments/amendment-x/adoption",
            ksp.token(Ksp.AGENT, o.id()),
            "{\"amendmentBeadId\":\"" + "a".repeat(64) + "\"}");
    assertThat(agentAdopts.status()).isEqualTo(403);
    HttpResult unknown =
        ksp.post(
            "/api/v1/orgs/" + o.id() + "/loop/sessions/nope/executions",
            ksp.token(Ksp.AGENT, o.id()),
            """
            {"domain":"d","action":"a","toolCallCount":0}""");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.problemCode()).isEqualTo("session-not-found");
  }

  @Test
  void fourConcurrentOutcomesOnOneOrgKeepBothGraphsConsistent(Ksp ksp) throws Exception {
    Org o = setUp(ksp, "conc");
    List<String[]> work = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String sid = open(ksp, o.id()).getString("sessionId");
      HttpResult e =
          ksp.post(
              "/api/v1/orgs/" + o.id() + "/loop/sessions/" + sid + "/executions",
              ksp.token(Ksp.AGENT, o.id()),
              """
              {"domain":"factory","action":"deploy-%d","toolCallCount":1,"status":"running","summary":"s"}"""
                  .formatted(i));
      work.add(new String[] {sid, e.json().getString("executionBeadId")});
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResult>> futures = new ArrayList<>();
      for (String[] w : work) {
        futures.add(pool.submit(() -> outcome(ksp, o.id(), w[0], w[1], TRACE_42)));
      }
      for (Future<HttpResult> f : futures) {
        assertThat(f.get().status()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(nodes(ksp, o.id()))
        .containsEntry("ExecutionTrace", 4L)
        .containsEntry("Divergence", 8L)
        .containsEntry("Execution", 4L);
    assertThat(edges(ksp, o.id()))
        .containsEntry("produces", 4L)
        .containsEntry("evidences", 8L)
        .containsEntry("diverges_from", 4L);
    assertThat(beads(ksp, o.id())).containsEntry("outcome", 4L).containsEntry("execution", 4L);
    long audited =
        ksp.db()
            .count(
                "SELECT COUNT(*) FROM bead b WHERE b.org_id = ? AND b.bead_type <> 'audit' AND EXISTS (SELECT 1 FROM bead_edge e WHERE e.org_id = b.org_id AND e.parent_id = b.bead_id AND e.rel = 'audits')",
                o.id());
    assertThat(audited)
        .isEqualTo(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM bead WHERE org_id = ? AND bead_type <> 'audit'", o.id()));
  }

  static List<String> sorted(String... ids) {
    List<String> l = new ArrayList<>(List.of(ids));
    l.sort(null);
    return l;
  }
}
