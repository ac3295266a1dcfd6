package ai.koales.ksp.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.GraphQl;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.Streams;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The seven GraphQL queries over the factory read model (edges.md §1.7, §2.4). */
@SystemTest
class GraphQlQueriesIT {

  static void session(
      Ksp ksp,
      String id,
      String assembly,
      String workOrder,
      String status,
      long created,
      String org) {
    ksp.db()
        .update(
            "INSERT INTO session_state (session_id, assembly_id, work_order_id, status, created_at,"
                + " updated_at, run_id, org_id, intent_spec_id, intent_spec_version,"
                + " intent_spec_domain) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 'SPEC-1', '3', 'billing')",
            id,
            assembly,
            workOrder,
            status,
            created,
            created + 5,
            org);
  }

  static JsonObject data(HttpResult r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().containsKey("errors")).as(r.body()).isFalse();
    return r.json().getJsonObject("data");
  }

  static JsonObject firstError(HttpResult r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("errors").getJsonObject(0);
  }

  @Test
  void sessionsPageByIdWith100AtMostAndABase64CursorOnlyWhenThePageIsFull_scenario24(Ksp ksp) {
    for (int i = 1; i <= 150; i++) {
      session(ksp, String.format("s-%03d", i), "asm-1", null, "SUBMITTED", 1000L + i, null);
    }
    String token = ksp.token(Ksp.VIEWER, "x");
    GraphQl gql = new GraphQl(ksp);
    String q =
        "query($c: String) { sessions(assemblyId: \"asm-1\", limit: 500, cursor: $c) {"
            + " sessions { id } cursor } }";
    JsonObject first =
        data(gql.query(token, q, Json.createObjectBuilder().addNull("c").build()))
            .getJsonObject("sessions");
    JsonArray page1 = first.getJsonArray("sessions");
    assertThat(page1).hasSize(100);
    assertThat(page1.getJsonObject(0).getString("id")).isEqualTo("s-001");
    assertThat(page1.getJsonObject(99).getString("id")).isEqualTo("s-100");
    assertThat(first.getString("cursor")).isEqualTo("cy0xMDA=");
    JsonObject second =
        data(gql.query(token, q, Json.createObjectBuilder().add("c", "cy0xMDA=").build()))
            .getJsonObject("sessions");
    JsonArray page2 = second.getJsonArray("sessions");
    assertThat(page2).hasSize(50);
    assertThat(page2.getJsonObject(0).getString("id")).isEqualTo("s-101");
    assertThat(page2.getJsonObject(49).getString("id")).isEqualTo("s-150");
    assertThat(second.isNull("cursor")).isTrue();
    JsonObject byDefault =
        data(gql.query(
                token, "{ sessions(assemblyId: \"asm-1\") { sessions { id } cursor } }", null))
            .getJsonObject("sessions");
    assertThat(byDefault.getJsonArray("sessions")).hasSize(20);
    JsonObject zero =
        data(gql.query(
                token, "{ sessions(assemblyId: \"asm-1\", limit: 0) { sessions { id } } }", null))
            .getJsonObject("sessions");
    assertThat(zero.getJsonArray("sessions")).hasSize(1);
    JsonObject bad =
        firstError(
            gql.query(
                token,
                "{ sessions(assemblyId: \"asm-1\", cursor: \"%%%\") { sessions { id } } }",
                null));
    assertThat(bad.getJsonObject("extensions").getString("code")).isEqualTo("BAD_USER_INPUT");
    assertThat(bad.getString("message")).doesNotContain("System error");
  }

  @Test
  void lineageWalksForwardDefaultDepth3AndRefusesMoreThan5_scenario23(Ksp ksp) {
    String p = "lin-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    String nodes = "ABCDEFG";
    for (int i = 0; i < 6; i++) {
      long id =
          ((Number) ksp.db().query(nextEdgeId(ksp)).get(0).values().iterator().next()).longValue();
      ksp.db()
          .update(
              "INSERT INTO artifact_edges (id, source_id, target_id, rel, props) VALUES (?, ?, ?,"
                  + " 'derives', ?)",
              id,
              p + nodes.charAt(i),
              p + nodes.charAt(i + 1),
              "{\"hop\":" + (i + 1) + "}");
    }
    String token = ksp.token(Ksp.VIEWER, "x");
    GraphQl gql = new GraphQl(ksp);
    JsonObject tooDeep =
        firstError(
            gql.query(
                token,
                "{ lineage(artifactId: \"" + p + "A\", depth: 6) { depth edges { sourceId } } }",
                null));
    assertThat(tooDeep.getString("message")).isEqualTo("depth > 5 not allowed");
    assertThat(tooDeep.getJsonObject("extensions").getString("code")).isEqualTo("BAD_USER_INPUT");
    JsonObject five =
        data(gql.query(
                token,
                "{ lineage(artifactId: \""
                    + p
                    + "A\", depth: 5) { rootId depth edges {"
                    + " sourceId targetId rel props } } }",
                null))
            .getJsonObject("lineage");
    assertThat(five.getJsonArray("edges")).hasSize(5);
    assertThat(five.getInt("depth")).isEqualTo(5);
    JsonObject firstEdge = five.getJsonArray("edges").getJsonObject(0);
    assertThat(firstEdge.getString("targetId")).isEqualTo(p + "B");
    assertThat(firstEdge.getString("rel")).isEqualTo("derives");
    assertThat(firstEdge.getJsonObject("props").getInt("hop")).isEqualTo(1);
    JsonObject omitted =
        data(gql.query(
                token,
                "{ lineage(artifactId: \"" + p + "A\") { depth edges { targetId } } }",
                null))
            .getJsonObject("lineage");
    assertThat(omitted.getInt("depth")).isEqualTo(3);
    assertThat(
            omitted.getJsonArray("edges").stream().map(e -> e.asJsonObject().getString("targetId")))
        .containsExactly(p + "B", p + "C", p + "D");
  }

  static String nextEdgeId(Ksp ksp) {
    return ksp.db().isPostgres()
        ? "SELECT nextval('artifact_edges_seq')"
        : "SELECT NEXT VALUE FOR artifact_edges_seq";
  }

  @Test
  void aSessionWithItsArtifactsReportsEvidenceChainAndReviews(Ksp ksp) {
    Streams streams = new Streams(ksp);
    String sid = Streams.newStreamId("gql-sess");
    session(ksp, sid, "asm-" + sid, "wo-" + sid, "REVIEW_REQUIRED", 1_700_000_000_000L, null);
    ksp.db()
        .update(
            "INSERT INTO artifacts (id, session_id, kind, content_ref, content_hash, created_at,"
                + " metadata) VALUES (?, ?, 'COMPILED_FUNCTION', 'r2://fn', 'sha256:1', 2, ?),"
                + " (?, ?, 'REVIEW_REPORT', NULL, NULL, 1, 'not json')",
            "art-1-" + sid,
            sid,
            "{\"lang\":\"ts\"}",
            "art-2-" + sid,
            sid);
    ksp.db()
        .update(
            "INSERT INTO verification_reports (report_id, session_id, kind, verdict, score, notes,"
                + " produced_at, artifact_id) VALUES (?, ?, 'FIDELITY', 'PASS', 0.93, 'ok', 5, ?)",
            "rep-" + sid,
            sid,
            "art-1-" + sid);
    streams.session(sid, "SESSION_SUBMITTED");
    streams.append(
        sid,
        Streams.sessionEvent("REVIEW_REQUIRED")
            .add(
                "payload",
                Json.createObjectBuilder()
                    .add("promptId", "rv-1")
                    .add("role", "architect")
                    .add("question", "Ship it?")
                    .add("context", Json.createObjectBuilder().add("risk", "low")))
            .build());
    streams.append(
        sid,
        Streams.sessionEvent("REVIEW_REQUIRED")
            .add(
                "payload",
                Json.createObjectBuilder()
                    .add("promptId", "rv-2")
                    .add("role", "owner")
                    .add("question", "Budget?"))
            .build());
    streams.append(
        sid,
        Streams.sessionEvent("REVIEW_RESOLVED")
            .add("payload", Json.createObjectBuilder().add("promptId", "rv-2"))
            .build());
    String q =
        "{ session(id: \""
            + sid
            + "\") { id assemblyId workOrderId status createdAt orgId runId"
            + " intentSpecRef { specId version domain }"
            + " artifacts { id kind contentRef metadata }"
            + " onlyFns: artifacts(kinds: [COMPILED_FUNCTION]) { id }"
            + " verificationReports { reportId kind verdict score artifactId }"
            + " evidenceChain { sessionId root tip bundleCount bundles { bundleId seq kind payload } }"
            + " reviewPrompts { promptId role question context }"
            + " beads { id } amendments { id } epistemicSurface { decisionId } } }";
    JsonObject s =
        data(new GraphQl(ksp).query(ksp.token(Ksp.VIEWER, "x"), q, null)).getJsonObject("session");
    assertThat(s.getString("workOrderId")).isEqualTo("wo-" + sid);
    assertThat(s.getString("status")).isEqualTo("REVIEW_REQUIRED");
    assertThat(s.getString("createdAt")).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(s.getJsonObject("intentSpecRef").getString("domain")).isEqualTo("billing");
    JsonArray artifacts = s.getJsonArray("artifacts");
    assertThat(artifacts.getJsonObject(0).getString("id")).isEqualTo("art-2-" + sid);
    assertThat(artifacts.getJsonObject(0).isNull("metadata"))
        .as("invalid JSON reads as null")
        .isTrue();
    assertThat(artifacts.getJsonObject(1).getJsonObject("metadata").getString("lang"))
        .isEqualTo("ts");
    assertThat(s.getJsonArray("onlyFns")).hasSize(1);
    JsonObject report = s.getJsonArray("verificationReports").getJsonObject(0);
    assertThat(report.getJsonNumber("score").doubleValue()).isEqualTo(0.93);
    JsonObject chain = s.getJsonObject("evidenceChain");
    assertThat(chain.getInt("bundleCount")).isEqualTo(4);
    assertThat(chain.getString("root")).hasSize(64);
    assertThat(chain.getString("tip"))
        .isEqualTo(chain.getJsonArray("bundles").getJsonObject(3).getString("bundleId"));
    assertThat(
            chain
                .getJsonArray("bundles")
                .getJsonObject(1)
                .getJsonObject("payload")
                .getString("promptId"))
        .isEqualTo("rv-1");
    JsonArray prompts = s.getJsonArray("reviewPrompts");
    assertThat(prompts).hasSize(1);
    assertThat(prompts.getJsonObject(0).getString("promptId")).isEqualTo("rv-1");
    assertThat(prompts.getJsonObject(0).getJsonObject("context").getString("risk"))
        .isEqualTo("low");
    assertThat(s.getJsonArray("beads")).isEmpty();
    assertThat(s.getJsonArray("amendments")).isEmpty();
    assertThat(s.isNull("epistemicSurface")).isTrue();
    JsonValue none =
        data(new GraphQl(ksp)
                .query(ksp.token(Ksp.VIEWER, "x"), "{ session(id: \"nope\") { id } }", null))
            .get("session");
    assertThat(none).isEqualTo(JsonValue.NULL);
    JsonObject artifact =
        data(new GraphQl(ksp)
                .query(
                    ksp.token(Ksp.VIEWER, "x"),
                    "{ artifact(id: \"art-1-" + sid + "\") { id sessionId kind contentHash } }",
                    null))
            .getJsonObject("artifact");
    assertThat(artifact.getString("kind")).isEqualTo("COMPILED_FUNCTION");
    assertThat(artifact.getString("contentHash")).isEqualTo("sha256:1");
  }

  @Test
  void sessionsByWorkOrderAreOrderedByCreation_edges_2_4(Ksp ksp) {
    String wo = "wo-" + UUID.randomUUID().toString().substring(0, 8);
    session(ksp, wo + "-late", "asm-x", wo, "SUBMITTED", 3000, null);
    session(ksp, wo + "-early", "asm-x", wo, "COMPLETED", 1000, null);
    session(ksp, wo + "-mid", "asm-x", wo, "FAILED", 2000, null);
    JsonArray list =
        data(new GraphQl(ksp)
                .query(
                    ksp.token(Ksp.VIEWER, "x"),
                    "{ sessionsByWorkOrder(workOrderId: \"" + wo + "\") { id status } }",
                    null))
            .getJsonArray("sessionsByWorkOrder");
    assertThat(list.stream().map(v -> v.asJsonObject().getString("id")))
        .containsExactly(wo + "-early", wo + "-mid", wo + "-late");
  }

  @Test
  void sessionsOfAnotherOrgAreRefusedOrLeftOut(Ksp ksp) {
    String org = Ksp.newOrg("gql");
    String asm = "asm-" + org;
    session(ksp, org + "-s1", asm, null, "SUBMITTED", 1, org);
    session(ksp, org + "-s2", asm, null, "SUBMITTED", 2, null);
    GraphQl gql = new GraphQl(ksp);
    String outsider = ksp.token(Ksp.VIEWER, "elsewhere");
    JsonObject err =
        firstError(gql.query(outsider, "{ session(id: \"" + org + "-s1\") { id } }", null));
    assertThat(err.getJsonObject("extensions").getString("code")).isEqualTo("FORBIDDEN");
    JsonArray seen =
        data(gql.query(
                outsider, "{ sessions(assemblyId: \"" + asm + "\") { sessions { id } } }", null))
            .getJsonObject("sessions")
            .getJsonArray("sessions");
    assertThat(seen.stream().map(v -> v.asJsonObject().getString("id")))
        .containsExactly(org + "-s2");
    JsonArray member =
        data(gql.query(
                ksp.token(Ksp.VIEWER, org),
                "{ sessions(assemblyId: \"" + asm + "\") { sessions { id } } }",
                null))
            .getJsonObject("sessions")
            .getJsonArray("sessions");
    assertThat(member).hasSize(2);
  }

  @Test
  void beadsAndAmendmentsOfAnUnknownRunAreEmpty_edges_2_4(Ksp ksp) {
    JsonObject d =
        data(
            new GraphQl(ksp)
                .query(
                    ksp.token(Ksp.VIEWER, "x"),
                    "{ beads(runId: \"r-none\") { id status } amendments(runId: \"r-none\") { id } }",
                    null));
    assertThat(d.getJsonArray("beads")).isEmpty();
    assertThat(d.getJsonArray("amendments")).isEmpty();
  }
}
