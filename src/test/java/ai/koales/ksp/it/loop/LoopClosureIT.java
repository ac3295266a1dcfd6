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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
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

  static final String DEPLOY =
      """
      {"domain":"factory","action":"deploy","toolCallCount":3,"status":"running","summary":"deploying"}""";

  /** BP2 as a first call: 201. */
  static JsonObject execute(Ksp ksp, String org, String session) {
    HttpResult r = execute(ksp, org, session, DEPLOY);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static HttpResult execute(Ksp ksp, String org, String session, String body) {
    return ksp.post(
        "/api/v1/orgs/" + org + "/loop/sessions/" + session + "/executions",
        ksp.token(Ksp.AGENT, org),
        body);
  }

  /** BP4 by an operator. */
  static HttpResult propose(Ksp ksp, String org, String body) {
    return ksp.post("/api/v1/orgs/" + org + "/loop/amendments", ksp.token(Ksp.OPERATOR, org), body);
  }

  static HttpResult propose(Ksp ksp, String org, String divergenceId, String outcomeBeadId) {
    return propose(
        ksp,
        org,
        """
        {"divergenceId":"%s","outcomeBeadId":"%s"}"""
            .formatted(divergenceId, outcomeBeadId));
  }

  /** BP5 by an operator; {@code verification} is JSON or null (the server's verifier decides). */
  static HttpResult adopt(
      Ksp ksp, String org, String amendmentNode, String amendmentBead, String verification) {
    return ksp.post(
        "/api/v1/orgs/" + org + "/loop/amendments/" + amendmentNode + "/adoption",
        ksp.token(Ksp.OPERATOR, org),
        "{\"amendmentBeadId\":\""
            + amendmentBead
            + "\""
            + (verification == null ? "" : ",\"verification\":" + verification)
            + "}");
  }

  /**
   * An org after BP1-BP3: a session, an execution and a FAILURE outcome with TRACE_42's two
   * divergences (INV-001 medium, claim-atom-outcome-atom-42 high).
   */
  record Diverged(
      Org org,
      String session,
      String executionNode,
      String executionBead,
      String outcomeBead,
      String trace,
      List<String> divergences) {
    String id() {
      return org.id();
    }
  }

  static Diverged diverged(Ksp ksp, String prefix) {
    Org o = setUp(ksp, prefix);
    String sid = open(ksp, o.id()).getString("sessionId");
    JsonObject e = execute(ksp, o.id(), sid);
    HttpResult out = outcome(ksp, o.id(), sid, e.getString("executionBeadId"), TRACE_42);
    assertThat(out.status()).as(out.toString()).isEqualTo(201);
    return new Diverged(
        o,
        sid,
        e.getString("executionNodeId"),
        e.getString("executionBeadId"),
        out.json().getString("outcomeBeadId"),
        out.json().getString("traceNodeId"),
        out.json().getJsonArray("divergenceIds").getValuesAs(JsonString::getString));
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

  /** Every node of the org's graph main, id to type. */
  static Map<String, String> nodeTypes(Ksp ksp, String org) {
    Map<String, String> out = new TreeMap<>();
    ksp.db()
        .query("SELECT id, type FROM artifact_node WHERE graph_key = ?", org + ":main")
        .forEach(r -> out.put((String) r.get("id"), (String) r.get("type")));
    return out;
  }

  /** The ids of the org's nodes of one type. */
  static List<String> nodesOfType(Ksp ksp, String org, String type) {
    return ksp
        .db()
        .query(
            "SELECT id FROM artifact_node WHERE graph_key = ? AND type = ? ORDER BY id",
            org + ":main",
            type)
        .stream()
        .map(r -> (String) r.get("id"))
        .toList();
  }

  /** Every edge of the org's graph main, as {@code source -rel-> target}. */
  static Set<String> edgeSet(Ksp ksp, String org) {
    Set<String> out = new TreeSet<>();
    ksp.db()
        .query("SELECT source, rel, target FROM artifact_edge WHERE graph_key = ?", org + ":main")
        .forEach(r -> out.add(r.get("source") + " -" + r.get("rel") + "-> " + r.get("target")));
    return out;
  }

  static String e(String source, String rel, String target) {
    return source + " -" + rel + "-> " + target;
  }

  /** Every bead edge of the org but {@code audits}, as {@code child -rel-> parent}. */
  static Set<String> beadEdges(Ksp ksp, String org) {
    Set<String> out = new TreeSet<>();
    ksp.db()
        .query(
            "SELECT child_id, rel, parent_id FROM bead_edge WHERE org_id = ? AND rel <> 'audits'",
            org)
        .forEach(
            r -> out.add(r.get("child_id") + " -" + r.get("rel") + "-> " + r.get("parent_id")));
    return out;
  }

  /** The non-audit beads of the org, id to type. */
  static Map<String, String> beadTypes(Ksp ksp, String org) {
    Map<String, String> out = new TreeMap<>();
    ksp.db()
        .query("SELECT bead_id, bead_type FROM bead WHERE org_id = ? AND bead_type <> 'audit'", org)
        .forEach(r -> out.put((String) r.get("bead_id"), (String) r.get("bead_type")));
    return out;
  }

  /** The content of the audit bead of {@code beadId} (exactly one must exist). */
  static JsonObject auditOf(Ksp ksp, String org, String beadId) {
    List<Map<String, Object>> audits =
        ksp.db()
            .query(
                "SELECT child_id FROM bead_edge WHERE org_id = ? AND parent_id = ? AND rel = 'audits'",
                org,
                beadId);
    assertThat(audits).as("audit beads of " + beadId).hasSize(1);
    return bead(ksp, org, audits.get(0).get("child_id").toString()).getJsonObject("content");
  }

  /** A node's data, read over the API. */
  static JsonObject nodeData(Ksp ksp, String org, String id) {
    return ksp.get("/api/v1/orgs/" + org + "/graphs/main/nodes/" + id, ksp.token(Ksp.VIEWER, org))
        .json()
        .getJsonObject("data");
  }

  static String trustHead(Ksp ksp, String org) {
    return ksp.get("/api/v1/orgs/" + org + "/trust/vendor-1", ksp.token(Ksp.VIEWER, org))
        .json()
        .getString("beadId");
  }

  static List<JsonObject> openAmendments(Ksp ksp, String org) {
    return ksp.get("/api/v1/orgs/" + org + "/amendments?status=open", ksp.token(Ksp.VIEWER, org))
        .items()
        .getValuesAs(JsonObject.class);
  }

  /** A knowing-state session of role-1 (the key ks:{org}:role-1:*). */
  static String knowingStateSession(Ksp ksp, String org) {
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions",
            ksp.token(Ksp.AGENT, org),
            "{\"roleId\":\"role-1\",\"agentId\":\"reader\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("sessionId");
  }

  /** Whether a retrieval of the session's knowing state was served from the cache. */
  static boolean cacheHit(Ksp ksp, String org, String knowingStateSession) {
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions/" + knowingStateSession + "/knowing-state",
            ksp.token(Ksp.AGENT, org),
            "{}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getBoolean("cacheHit");
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
    JsonObject eb = bead(ksp, org, executionBead);
    assertThat(eb.getString("type")).isEqualTo("execution");
    assertThat(eb.getJsonArray("parentIds").getValuesAs(JsonString::getString))
        .containsExactlyElementsOf(sorted(o.policy(), o.trust()));
    assertThat(eb.getJsonObject("content").getString("artifact_graph_execution_id"))
        .isEqualTo(executionNode);
    assertThat(eb.getJsonObject("content").getString("autonomy_level"))
        .isEqualTo("EXECUTE_BOUNDED");
    assertThat(eb.getJsonObject("content").getString("subject_id")).isEqualTo(executionNode);
    assertThat(eb.getJsonObject("content").getString("trust_bead_id")).isEqualTo(o.trust());
    assertThat(eb.getJsonObject("content").getString("policy_bead_id")).isEqualTo(o.policy());
    assertThat(nodeData(ksp, org, executionNode).getString("session_id")).isEqualTo(sid);

    // BP3 (scenario 29): two divergences, both recorded (Q7), the first is the bridge
    HttpResult out = outcome(ksp, org, sid, executionBead, TRACE_42);
    assertThat(out.status()).as(out.toString()).isEqualTo(201);
    String trace = out.json().getString("traceNodeId");
    String outcomeBead = out.json().getString("outcomeBeadId");
    List<String> divergences =
        out.json().getJsonArray("divergenceIds").getValuesAs(JsonString::getString);
    assertThat(divergences).hasSize(2);
    assertThat(out.json().getBoolean("triggersAmendment")).isTrue();
    JsonObject traceData = nodeData(ksp, org, trace);
    assertThat(traceData.getString("atom_id"))
        .as("detector inputs kept (item 11)")
        .isEqualTo("atom-42");
    assertThat(traceData.getBoolean("attempts_exhausted")).isTrue();
    assertThat(nodeData(ksp, org, divergences.get(0)).getString("severity")).isEqualTo("medium");
    assertThat(nodeData(ksp, org, divergences.get(1)).getString("claim_id"))
        .isEqualTo("claim-atom-outcome-atom-42");
    assertThat(nodeData(ksp, org, divergences.get(1)).getString("severity")).isEqualTo("high");
    JsonObject ob = bead(ksp, org, outcomeBead);
    assertThat(ob.getJsonObject("content").getBoolean("triggers_amendment")).isTrue();
    assertThat(ob.getJsonObject("content").getString("status")).isEqualTo("FAILURE");
    assertThat(ob.getJsonObject("content").getString("artifact_graph_divergence_id"))
        .isEqualTo(divergences.get(0));

    // BP4 (scenario 31)
    HttpResult proposed =
        ksp.post(
            "/api/v1/orgs/" + org + "/loop/amendments",
            ksp.token(Ksp.AGENT, org),
            """
            {"divergenceId":"%s","outcomeBeadId":"%s"}"""
                .formatted(divergences.get(0), outcomeBead));
    assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
    String amendmentNode = proposed.json().getString("amendmentNodeId");
    String hypothesis = proposed.json().getString("hypothesisNodeId");
    String pending = proposed.json().getString("amendmentBeadId");
    JsonObject pb = bead(ksp, org, pending);
    assertThat(pb.getString("type")).isEqualTo("amendment");
    assertThat(pb.getJsonObject("content").getString("status")).isEqualTo("PENDING");
    assertThat(pb.getJsonObject("content").getString("target_bead_id"))
        .as("the execution's trust bead (the FIX)")
        .isEqualTo(o.trust());
    assertThat(pb.getJsonObject("content").getString("target_type")).isEqualTo("trust");
    assertThat(pb.getJsonObject("content").getString("triggered_by")).isEqualTo(outcomeBead);
    assertThat(pb.getJsonObject("content").getString("artifact_graph_amendment_id"))
        .isEqualTo(amendmentNode);
    assertThat(
            pb.getJsonObject("content")
                .getJsonObject("proposed_change")
                .getJsonNumber("trust_score")
                .doubleValue())
        .as("a medium divergence lowers the score by 0.1")
        .isEqualTo(0.7);
    assertThat(pb.getString("writtenBy")).isEqualTo("loop-closure-service");
    assertThat(auditOf(ksp, org, pending).getString("session_id")).isEqualTo("system-" + org);
    assertThat(nodeData(ksp, org, hypothesis).getString("status")).isEqualTo("CANDIDATE");
    assertThat(nodeData(ksp, org, amendmentNode).getString("status")).isEqualTo("candidate");
    assertThat(openAmendments(ksp, org)).hasSize(1);

    // BP5 (scenario 32), verified by the server's verifier; the org's cached knowing state goes,
    // another org's stays
    String reader = knowingStateSession(ksp, org);
    cacheHit(ksp, org, reader);
    assertThat(cacheHit(ksp, org, reader)).isTrue();
    String otherOrg = setUp(ksp, "loop-other").id();
    String otherReader = knowingStateSession(ksp, otherOrg);
    cacheHit(ksp, otherOrg, otherReader);
    HttpResult adopted = adopt(ksp, org, amendmentNode, pending, null);
    assertThat(adopted.status()).as(adopted.toString()).isEqualTo(200);
    assertThat(adopted.json().getBoolean("adopted")).isTrue();
    String newSpec = adopted.json().getString("newSpecificationId");
    String newTrust = adopted.json().getString("newBeadId");
    String approved = adopted.json().getString("approvedBeadId");
    assertThat(cacheHit(ksp, org, reader)).as("ks:{org}:* invalidated").isFalse();
    assertThat(cacheHit(ksp, otherOrg, otherReader)).as("another org's key kept").isTrue();

    String process = single(nodesOfType(ksp, org, "VerificationProcess"));
    String verdict = single(nodesOfType(ksp, org, "Verdict"));
    String disposition = single(nodesOfType(ksp, org, "DispositionEvent"));
    String elucidation = single(nodesOfType(ksp, org, "ElucidationArtifact"));
    JsonObject verdictData = nodeData(ksp, org, verdict);
    assertThat(verdictData.getString("outcome")).isEqualTo("favorable");
    assertThat(verdictData.getString("gate"))
        .as("the server's verifier ran (gate compile)")
        .isEqualTo("compile");
    assertThat(verdictData.getJsonNumber("score").doubleValue())
        .as("default coherence 0.8, no pattern check (0.5): mean 0.65 (scenario 36)")
        .isEqualTo(0.65);
    assertThat(nodeData(ksp, org, process).getString("gate")).isEqualTo("compile");
    assertThat(nodeData(ksp, org, disposition).getString("context"))
        .isEqualTo("amendment_adoption");
    assertThat(nodeData(ksp, org, disposition).getString("amendment_id")).isEqualTo(amendmentNode);
    assertThat(nodeData(ksp, org, elucidation).getString("artifact_graph_amendment_id"))
        .isEqualTo(amendmentNode);
    assertThat(nodeData(ksp, org, newSpec).getJsonArray("source_refs").getString(0))
        .isEqualTo(amendmentNode);

    JsonObject nt = bead(ksp, org, newTrust);
    assertThat(nt.getString("type")).isEqualTo("trust");
    assertThat(nt.getJsonObject("content").getString("subject_id"))
        .as("the subject is kept (item 7)")
        .isEqualTo("vendor-1");
    assertThat(nt.getJsonObject("content").getString("artifact_graph_specification_id"))
        .isEqualTo(newSpec);
    assertThat(nt.getJsonObject("content").getJsonNumber("trust_score").doubleValue())
        .isEqualTo(0.7);
    assertThat(nt.getString("writtenBy")).isEqualTo("ksp-operator-it");
    assertThat(auditOf(ksp, org, newTrust).getString("session_id"))
        .isEqualTo("adoption-" + amendmentNode);
    assertThat(auditOf(ksp, org, newTrust).getString("action")).isEqualTo("SUPERSEDE");
    assertThat(trustHead(ksp, org)).isEqualTo(newTrust);
    JsonObject ab = bead(ksp, org, approved);
    assertThat(ab.getJsonObject("content").getString("status")).isEqualTo("APPROVED");
    assertThat(ab.getJsonObject("content").getString("reviewed_by")).isEqualTo("ksp-operator-it");
    assertThat(ab.getJsonObject("content").getString("if_approved_produces")).isEqualTo(newTrust);
    assertThat(auditOf(ksp, org, approved).getString("session_id"))
        .isEqualTo("adoption-" + amendmentNode);
    assertThat(openAmendments(ksp, org)).isEmpty();

    // Everything the loop wrote, and nothing else.
    Map<String, String> expectedNodes = new TreeMap<>();
    expectedNodes.put("spec-001", "Specification");
    expectedNodes.put(executionNode, "Execution");
    expectedNodes.put(trace, "ExecutionTrace");
    expectedNodes.put(divergences.get(0), "Divergence");
    expectedNodes.put(divergences.get(1), "Divergence");
    expectedNodes.put("claim-INV-001", "Claim");
    expectedNodes.put("claim-atom-outcome-atom-42", "Claim");
    expectedNodes.put(hypothesis, "Hypothesis");
    expectedNodes.put(amendmentNode, "Amendment");
    expectedNodes.put(process, "VerificationProcess");
    expectedNodes.put(verdict, "Verdict");
    expectedNodes.put(newSpec, "Specification");
    expectedNodes.put(disposition, "DispositionEvent");
    expectedNodes.put(elucidation, "ElucidationArtifact");
    assertThat(nodeTypes(ksp, org)).isEqualTo(expectedNodes);

    assertThat(edgeSet(ksp, org))
        .containsExactlyInAnyOrder(
            e("spec-001", "governs", executionNode),
            e(executionNode, "produces", trace),
            e(trace, "evidences", divergences.get(0)),
            e(trace, "evidences", divergences.get(1)),
            e(trace, "diverges_from", "spec-001"),
            e(divergences.get(0), "concerns", "claim-INV-001"),
            e(divergences.get(1), "concerns", "claim-atom-outcome-atom-42"),
            e(divergences.get(0), "evidence_for", hypothesis),
            e(hypothesis, "motivates", amendmentNode),
            e(amendmentNode, "proposes_modification_of", "spec-001"),
            e(amendmentNode, "subject_to", process),
            e(process, "produces_verdict", verdict),
            e(newSpec, "version_of", "spec-001"),
            e(amendmentNode, "if_adopted_produces", newSpec),
            e(elucidation, "produced_at", disposition));

    Map<String, String> expectedBeads = new TreeMap<>();
    expectedBeads.put(o.policy(), "policy");
    expectedBeads.put(o.trust(), "trust");
    expectedBeads.put(executionBead, "execution");
    expectedBeads.put(outcomeBead, "outcome");
    expectedBeads.put(pending, "amendment");
    expectedBeads.put(newTrust, "trust");
    expectedBeads.put(approved, "amendment");
    assertThat(beadTypes(ksp, org)).isEqualTo(expectedBeads);
    assertThat(beadEdges(ksp, org))
        .containsExactlyInAnyOrder(
            e(executionBead, "parent", o.policy()),
            e(executionBead, "parent", o.trust()),
            e(outcomeBead, "parent", executionBead),
            e(pending, "parent", outcomeBead),
            e(newTrust, "parent", o.trust()),
            e(newTrust, "supersedes", o.trust()),
            e(approved, "parent", pending),
            e(approved, "supersedes", pending));
    // One audit bead per bead (INV-BG-007), and nothing else.
    expectedBeads.keySet().forEach(b -> auditOf(ksp, org, b));
    assertThat(beads(ksp, org)).containsEntry("audit", (long) expectedBeads.size());
    assertThat(auditOf(ksp, org, executionBead).getString("session_id")).isEqualTo(sid);
    assertThat(auditOf(ksp, org, outcomeBead).getString("session_id")).isEqualTo(sid);

    // BP5 again: refused, nothing new written
    Map<String, Long> nodesBefore = nodes(ksp, org);
    Map<String, Long> edgesBefore = edges(ksp, org);
    Map<String, Long> beadsBefore = beads(ksp, org);
    HttpResult again = adopt(ksp, org, amendmentNode, pending, null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.problemCode()).isEqualTo("amendment-already-resolved");
    assertThat(nodes(ksp, org)).isEqualTo(nodesBefore);
    assertThat(edges(ksp, org)).isEqualTo(edgesBefore);
    assertThat(beads(ksp, org)).isEqualTo(beadsBefore);
  }

  static String single(List<String> ids) {
    assertThat(ids).hasSize(1);
    return ids.get(0);
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
  void retriedBridgePointsWriteNothingNewAndAnswer200WithTheSameBody_INV_LC_003(Ksp ksp) {
    Org o = setUp(ksp, "retry");
    String sid = open(ksp, o.id()).getString("sessionId");
    JsonObject first = execute(ksp, o.id(), sid);
    HttpResult second = execute(ksp, o.id(), sid, DEPLOY);
    assertThat(second.status()).as("api.md: an idempotent repeat is 200").isEqualTo(200);
    assertThat(second.json()).isEqualTo(first);

    HttpResult o1 = outcome(ksp, o.id(), sid, first.getString("executionBeadId"), TRACE_42);
    assertThat(o1.status()).isEqualTo(201);
    Map<String, Long> nodes = nodes(ksp, o.id());
    Map<String, Long> edges = edges(ksp, o.id());
    Map<String, Long> beads = beads(ksp, o.id());
    HttpResult o2 = outcome(ksp, o.id(), sid, first.getString("executionBeadId"), TRACE_42);
    assertThat(o2.status()).isEqualTo(200);
    assertThat(o2.json()).isEqualTo(o1.json());
    assertThat(nodes(ksp, o.id())).isEqualTo(nodes);
    assertThat(edges(ksp, o.id())).isEqualTo(edges);
    assertThat(beads(ksp, o.id())).isEqualTo(beads);
    assertThat(nodes.get("Execution")).isEqualTo(1L);

    String divergence = o1.json().getJsonArray("divergenceIds").getString(0);
    HttpResult p1 = propose(ksp, o.id(), divergence, o1.json().getString("outcomeBeadId"));
    assertThat(p1.status()).isEqualTo(201);
    beads = beads(ksp, o.id());
    nodes = nodes(ksp, o.id());
    HttpResult p2 = propose(ksp, o.id(), divergence, o1.json().getString("outcomeBeadId"));
    assertThat(p2.status()).isEqualTo(200);
    assertThat(p2.json()).isEqualTo(p1.json());
    assertThat(beads(ksp, o.id())).isEqualTo(beads);
    assertThat(nodes(ksp, o.id())).isEqualTo(nodes);
  }

  @Test
  void anIdempotencyKeyIdentifiesTheExecutionWhateverTheReportSays(Ksp ksp) {
    Org o = setUp(ksp, "idem");
    String sid = open(ksp, o.id()).getString("sessionId");
    HttpResult first =
        execute(
            ksp,
            o.id(),
            sid,
            """
            {"domain":"factory","action":"deploy","toolCallCount":3,"status":"running","summary":"deploying","idempotencyKey":"claim-7:attempt-1"}""");
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    Map<String, Long> beads = beads(ksp, o.id());
    Map<String, Long> nodes = nodes(ksp, o.id());
    HttpResult retry =
        execute(
            ksp,
            o.id(),
            sid,
            """
            {"domain":"factory","action":"deploy","toolCallCount":5,"status":"done","summary":"deployed, retried","idempotencyKey":"claim-7:attempt-1"}""");
    assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
    assertThat(retry.json()).isEqualTo(first.json());
    assertThat(beads(ksp, o.id())).isEqualTo(beads);
    assertThat(nodes(ksp, o.id())).isEqualTo(nodes);
    assertThat(
            bead(ksp, o.id(), first.json().getString("executionBeadId"))
                .getJsonObject("content")
                .getString("rationale"))
        .as("the first report's words stand")
        .isEqualTo("deploying");

    HttpResult another =
        execute(
            ksp,
            o.id(),
            sid,
            """
            {"domain":"factory","action":"deploy","toolCallCount":3,"status":"running","summary":"deploying","idempotencyKey":"claim-7:attempt-2"}""");
    assertThat(another.status()).isEqualTo(201);
    assertThat(another.json().getString("executionNodeId"))
        .isNotEqualTo(first.json().getString("executionNodeId"));
    assertThat(nodes(ksp, o.id())).containsEntry("Execution", 2L);
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
    String pending = proposed.json().getString("amendmentBeadId");
    String reader = knowingStateSession(ksp, o.id());
    cacheHit(ksp, o.id(), reader);
    HttpResult rejected =
        adopt(
            ksp,
            o.id(),
            amendmentNode,
            pending,
            "{\"passed\":false,\"gate\":\"compile\",\"score\":0.6}");
    assertThat(rejected.status()).isEqualTo(200);
    assertThat(cacheHit(ksp, o.id(), reader)).as("the cache is untouched").isTrue();
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
    assertThat(trustHead(ksp, o.id())).isEqualTo(o.trust());
    assertThat(beadTypes(ksp, o.id()).values()).containsOnlyOnce("trust");
    assertThat(edges(ksp, o.id()))
        .doesNotContainKeys("version_of", "if_adopted_produces", "produced_at");
    assertThat(openAmendments(ksp, o.id())).isEmpty();

    // A rejected amendment is resolved: a second BP5 is refused and writes nothing.
    Map<String, Long> nodesBefore = nodes(ksp, o.id());
    Map<String, Long> edgesBefore = edges(ksp, o.id());
    Map<String, Long> beadsBefore = beads(ksp, o.id());
    HttpResult again = adopt(ksp, o.id(), amendmentNode, pending, null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.problemCode()).isEqualTo("amendment-already-resolved");
    assertThat(again.json().getString("detail"))
        .contains(rejected.json().getString("rejectedBeadId"));
    assertThat(nodes(ksp, o.id())).isEqualTo(nodesBefore);
    assertThat(edges(ksp, o.id())).isEqualTo(edgesBefore);
    assertThat(beads(ksp, o.id())).isEqualTo(beadsBefore);
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
  void eachBridgePointNeedsItsRoleAndWritesNothingWhenRefused(Ksp ksp) {
    Diverged d = diverged(ksp, "roles");
    String org = d.id();
    String base = "/api/v1/orgs/" + org + "/loop";
    String bp1 = "{\"roleId\":\"role-1\",\"agentId\":\"agent-1\"}";
    String bp3 =
        "{\"executionBeadId\":\""
            + d.executionBead()
            + "\",\"toolCallCount\":1,\"status\":\"FAILURE\",\"summary\":\"s\"}";
    String bp4 =
        "{\"divergenceId\":\""
            + d.divergences().get(0)
            + "\",\"outcomeBeadId\":\""
            + d.outcomeBead()
            + "\"}";
    HttpResult proposed = propose(ksp, org, bp4);
    assertThat(proposed.status()).isEqualTo(201);
    String bp5 = "{\"amendmentBeadId\":\"" + proposed.json().getString("amendmentBeadId") + "\"}";
    String adoption =
        base + "/amendments/" + proposed.json().getString("amendmentNodeId") + "/adoption";
    Map<String, Long> nodesBefore = nodes(ksp, org);
    Map<String, Long> beadsBefore = beads(ksp, org);
    String viewer = ksp.token(Ksp.VIEWER, org);
    String operator = ksp.token(Ksp.OPERATOR, org);
    String agent = ksp.token(Ksp.AGENT, org);
    String executions = base + "/sessions/" + d.session() + "/executions";
    String outcomes = base + "/sessions/" + d.session() + "/outcomes";
    List<String[]> refused =
        List.of(
            new String[] {"viewer BP1", viewer, base + "/sessions", bp1},
            new String[] {"operator BP1", operator, base + "/sessions", bp1},
            new String[] {"viewer BP2", viewer, executions, DEPLOY},
            new String[] {"operator BP2", operator, executions, DEPLOY},
            new String[] {"viewer BP3", viewer, outcomes, bp3},
            new String[] {"operator BP3", operator, outcomes, bp3},
            new String[] {"viewer BP4", viewer, base + "/amendments", bp4},
            new String[] {"viewer BP5", viewer, adoption, bp5},
            new String[] {"agent BP5", agent, adoption, bp5},
            new String[] {
              "another org's operator BP5", ksp.token(Ksp.OPERATOR, Ksp.newOrg("x")), adoption, bp5
            });
    for (String[] r : refused) {
      HttpResult answer = ksp.post(r[2], r[1], r[3]);
      assertThat(answer.status()).as(r[0] + ": " + answer).isEqualTo(403);
      assertThat(answer.contentType()).startsWith("application/problem+json");
    }
    assertThat(nodes(ksp, org)).isEqualTo(nodesBefore);
    assertThat(beads(ksp, org)).isEqualTo(beadsBefore);
    assertThat(openAmendments(ksp, org)).hasSize(1);
  }

  @Test
  void unknownSessionsAre404AtBp2AndBp3_scenario19(Ksp ksp) {
    Org o = setUp(ksp, "nosession");
    HttpResult unknown =
        execute(
            ksp,
            o.id(),
            "nope",
            """
            {"domain":"d","action":"a","toolCallCount":0}""");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.problemCode()).isEqualTo("session-not-found");
    HttpResult outcome = outcome(ksp, o.id(), "nope", "a".repeat(64), TRACE_42);
    assertThat(outcome.status()).as(outcome.toString()).isEqualTo(404);
    assertThat(outcome.problemCode()).isEqualTo("session-not-found");
    assertThat(nodes(ksp, o.id())).isEqualTo(Map.of("Specification", 1L));
    assertThat(beads(ksp, o.id())).doesNotContainKeys("execution", "outcome");

    // Another org's session is unknown here too.
    String foreign = open(ksp, setUp(ksp, "nosession-b").id()).getString("sessionId");
    assertThat(outcome(ksp, o.id(), foreign, "a".repeat(64), TRACE_42).status()).isEqualTo(404);
  }

  @RepeatedTest(3)
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
        .isEqualTo(
            Map.of(
                "Specification", 1L,
                "Execution", 4L,
                "ExecutionTrace", 4L,
                "Divergence", 8L,
                "Claim", 2L));
    assertThat(edges(ksp, o.id()))
        .isEqualTo(
            Map.of(
                "governs", 4L,
                "produces", 4L,
                "evidences", 8L,
                "diverges_from", 4L,
                "concerns", 8L));
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
