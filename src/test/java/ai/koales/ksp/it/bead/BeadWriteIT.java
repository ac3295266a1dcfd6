package ai.koales.ksp.it.bead;

import static ai.koales.ksp.it.bead.Beads.created;
import static ai.koales.ksp.it.bead.Beads.edges;
import static ai.koales.ksp.it.bead.Beads.policy;
import static ai.koales.ksp.it.bead.Beads.rows;
import static ai.koales.ksp.it.bead.Beads.trust;
import static ai.koales.ksp.it.bead.Beads.write;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bead write path over REST (core.md §4.1, §8 scenarios 2, 6, 8-11; api.md "Beads"). */
@SystemTest
class BeadWriteIT {

  static final String SCENARIO_2_ID =
      "2d4e797269575806e261a19af35a27a4d3c04a96e0cac2b4b69caffd8421bdf1";

  @Test
  void scenario2and6_aTrustBeadIsStoredOnceWithItsAuditAndARepeatIsANoOp(Ksp ksp) {
    String org = Ksp.newOrg("s6");
    HttpResult first = write(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.8));
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().getString("beadId")).isEqualTo(SCENARIO_2_ID);
    assertThat(first.json().getBoolean("created")).isTrue();
    assertThat(first.header("Location"))
        .endsWith("/api/v1/orgs/" + org + "/beads/" + SCENARIO_2_ID);
    String audit = first.json().getString("auditBeadId");

    HttpResult again = write(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.8));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getString("beadId")).isEqualTo(SCENARIO_2_ID);
    assertThat(again.json().getString("auditBeadId")).isEqualTo(audit);
    assertThat(again.json().getBoolean("created")).isFalse();

    assertThat(rows(ksp, org)).isEqualTo(2);
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM bead_edge WHERE org_id = ? AND rel = 'audits' AND child_id = ? AND parent_id = ?",
                    org,
                    audit,
                    SCENARIO_2_ID))
        .isEqualTo(1);
    assertThat(edges(ksp, org)).isEqualTo(1);

    JsonObject auditBead =
        ksp.get("/api/v1/orgs/" + org + "/beads/" + audit, ksp.token(Ksp.VIEWER, org)).json();
    assertThat(auditBead.getString("type")).isEqualTo("audit");
    assertThat(auditBead.getJsonObject("content").getString("audited_bead_id"))
        .isEqualTo(SCENARIO_2_ID);
    assertThat(auditBead.getJsonObject("content").getString("action")).isEqualTo("CREATE");
    assertThat(auditBead.getJsonArray("parentIds").getString(0)).isEqualTo(SCENARIO_2_ID);
  }

  @Test
  void aBeadIsReadBackWithItsEnvelopeAndExactContent(Ksp ksp) {
    String org = Ksp.newOrg("read");
    String id = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.8));
    JsonObject bead =
        ksp.get("/api/v1/orgs/" + org + "/beads/" + id, ksp.token(Ksp.VIEWER, org)).json();
    assertThat(bead.getString("beadId")).isEqualTo(id);
    assertThat(bead.getString("orgId")).isEqualTo(org);
    assertThat(bead.getString("type")).isEqualTo("trust");
    assertThat(bead.getJsonArray("parentIds")).isEmpty();
    assertThat(bead.getString("writtenBy")).isEqualTo("ksp-operator-it");
    assertThat(bead.getJsonNumber("ts").longValue()).isPositive();
    assertThat(bead.getJsonObject("content").getJsonNumber("trust_score").doubleValue())
        .isEqualTo(0.8);
    assertThat(bead.getJsonObject("content").getString("subject_id")).isEqualTo("vendor-1");
  }

  @Test
  void scenario8_aClaimedIdThatDoesNotMatchIs422AndStoresNothing(Ksp ksp) {
    String org = Ksp.newOrg("s8");
    HttpResult r =
        write(
            ksp,
            org,
            "trust",
            trust("vendor-1", "APPROVED", 0.8),
            "\"beadId\":\"" + "0".repeat(64) + "\"");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.problemCode()).isEqualTo("bead-integrity");
    assertThat(r.json().getString("detail")).contains(SCENARIO_2_ID);
    assertThat(rows(ksp, org)).isZero();
    HttpResult right =
        write(
            ksp,
            org,
            "trust",
            trust("vendor-1", "APPROVED", 0.8),
            "\"beadId\":\"" + SCENARIO_2_ID + "\"");
    assertThat(right.status()).isEqualTo(201);
  }

  @Test
  void scenario9_aParentUnknownInTheOrgIs422AndNothingIsStored(Ksp ksp) {
    String org = Ksp.newOrg("s9");
    String elsewhere = Ksp.newOrg("s9-other");
    String parentInOtherOrg = created(ksp, elsewhere, "policy", policy("org", "SUGGEST"));
    HttpResult r =
        write(
            ksp,
            org,
            "trust",
            trust("vendor-1", "APPROVED", 0.8),
            "\"parentIds\":[\"" + parentInOtherOrg + "\"]");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.problemCode()).isEqualTo("unknown-parent");
    assertThat(rows(ksp, org)).isZero();
    assertThat(edges(ksp, org)).isZero();
  }

  @Test
  void contentTooLongForItsIndexedColumnOrANewNonPendingAmendmentIs400AndStoresNothing(Ksp ksp) {
    String org = Ksp.newOrg("cols");
    HttpResult longSubject =
        write(
            ksp,
            org,
            "trust",
            "{\"subject_id\":\""
                + "v".repeat(401)
                + "\",\"subject_type\":\"vendor\",\"status\":\"APPROVED\",\"trust_score\":0.5,"
                + "\"rationale\":\"t\",\"evidence_refs\":[]}");
    assertThat(longSubject.status()).as(longSubject.toString()).isEqualTo(400);
    assertThat(longSubject.problemCode()).isEqualTo("bead-validation");
    assertThat(longSubject.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("content.subject_id");
    HttpResult approvedFromNothing =
        write(
            ksp,
            org,
            "amendment",
            """
        {"target_bead_id":"%s","target_type":"trust","proposed_change":{"trust_score":0.1},"rationale":"r","triggered_by":"human","status":"APPROVED"}"""
                .formatted("ab".repeat(32)));
    assertThat(approvedFromNothing.status()).as(approvedFromNothing.toString()).isEqualTo(400);
    assertThat(
            approvedFromNothing.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("content.status");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM bead WHERE org_id = ?", org)).isZero();
  }

  @Test
  void scenario10_invalidContentIs400NamingEachFieldAndStoresNothing(Ksp ksp) {
    String org = Ksp.newOrg("s10");
    HttpResult r =
        write(
            ksp,
            org,
            "trust",
            """
        {"subject_id":"vendor-1","subject_type":"vendor","status":"OK","trust_score":1.5,"rationale":"t","evidence_refs":"none"}""");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.problemCode()).isEqualTo("bead-validation");
    List<String> fields =
        r.json().getJsonArray("errors").stream()
            .map(e -> e.asJsonObject().getString("field"))
            .toList();
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "content.status", "content.trust_score", "content.evidence_refs");

    HttpResult missing = write(ksp, org, "trust", "{\"subject_id\":\"vendor-1\"}");
    assertThat(
            missing.json().getJsonArray("errors").stream()
                .map(e -> e.asJsonObject().getString("field"))
                .toList())
        .contains("content.subject_type", "content.status", "content.trust_score");
    HttpResult noType =
        ksp.post(
            "/api/v1/orgs/" + org + "/beads", ksp.token(Ksp.OPERATOR, org), "{\"content\":{}}");
    assertThat(noType.status()).isEqualTo(400);
    assertThat(noType.problemCode()).isEqualTo("bead-validation");
    assertThat(noType.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("type");
    assertThat(rows(ksp, org)).isZero();
  }

  @Test
  void scenario11_theSameBeadInTwoOrgsIsTwoRowsAndBothOrgsReturnIt(Ksp ksp) {
    String org1 = Ksp.newOrg("s11a");
    String org2 = Ksp.newOrg("s11b");
    assertThat(created(ksp, org1, "trust", trust("vendor-1", "APPROVED", 0.8)))
        .isEqualTo(SCENARIO_2_ID);
    assertThat(created(ksp, org2, "trust", trust("vendor-1", "APPROVED", 0.8)))
        .isEqualTo(SCENARIO_2_ID);
    assertThat(
            ksp.get("/api/v1/orgs/" + org1 + "/beads/" + SCENARIO_2_ID, ksp.token(Ksp.VIEWER, org1))
                .status())
        .isEqualTo(200);
    assertThat(
            ksp.get("/api/v1/orgs/" + org2 + "/beads/" + SCENARIO_2_ID, ksp.token(Ksp.VIEWER, org2))
                .json()
                .getString("orgId"))
        .isEqualTo(org2);
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM bead WHERE bead_id = ? AND org_id IN (?, ?)",
                    SCENARIO_2_ID,
                    org1,
                    org2))
        .isEqualTo(2);
  }

  @Test
  void onlyGovernanceTypesAreWritableHere(Ksp ksp) {
    String org = Ksp.newOrg("types");
    for (String type : List.of("audit", "execution", "outcome")) {
      HttpResult r = write(ksp, org, type, "{}");
      assertThat(r.status()).as(type).isEqualTo(400);
      assertThat(r.problemCode()).isEqualTo("bead-type-not-writable");
    }
    assertThat(write(ksp, org, "gossip", "{}").problemCode()).isEqualTo("bead-validation");
    assertThat(rows(ksp, org)).isZero();
  }

  @Test
  void malformedJsonWrongTypesAndOversizedContentAreProblems(Ksp ksp) {
    String org = Ksp.newOrg("bad");
    String token = ksp.token(Ksp.OPERATOR, org);
    HttpResult notJson =
        ksp.post("/api/v1/orgs/" + org + "/beads", token, "{\"type\":\"trust\",\"content\":");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.problemCode()).isEqualTo("malformed-json");
    HttpResult contentNotObject =
        ksp.post("/api/v1/orgs/" + org + "/beads", token, "{\"type\":\"trust\",\"content\":[1,2]}");
    assertThat(contentNotObject.status()).isEqualTo(400);
    assertThat(contentNotObject.contentType()).startsWith("application/problem+json");
    String big = "x".repeat(300 * 1024);
    HttpResult tooLarge =
        write(
            ksp,
            org,
            "trust",
            """
        {"subject_id":"v","subject_type":"vendor","status":"APPROVED","trust_score":0.5,"rationale":"%s","evidence_refs":[]}"""
                .formatted(big));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.problemCode()).isEqualTo("payload-too-large");
    HttpResult wrongMedia =
        ksp.send(
            ksp.request("/api/v1/orgs/" + org + "/beads", token)
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello")));
    assertThat(wrongMedia.status()).isEqualTo(415);
    assertThat(wrongMedia.problemCode()).isEqualTo("unsupported-media-type");
    assertThat(rows(ksp, org)).isZero();
  }

  @Test
  void aSupersedingTrustBeadBecomesTheHeadAndKeepsItsSubject_INV_BG_001(Ksp ksp) {
    String org = Ksp.newOrg("sup");
    String t1 = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.6));
    HttpResult t2 =
        write(
            ksp,
            org,
            "trust",
            trust("vendor-1", "APPROVED", 0.95),
            "\"supersedes\":\"" + t1 + "\"");
    assertThat(t2.status()).isEqualTo(201);
    String t2Id = t2.json().getString("beadId");
    String viewer = ksp.token(Ksp.VIEWER, org);

    JsonObject head = ksp.get("/api/v1/orgs/" + org + "/trust/vendor-1", viewer).json();
    assertThat(head.getString("beadId")).isEqualTo(t2Id);
    assertThat(head.getJsonArray("parentIds").getValuesAs(JsonString::getString))
        .containsExactly(t1);
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM bead_edge WHERE org_id = ? AND child_id = ? AND parent_id = ? AND rel = 'supersedes'",
                    org,
                    t2Id,
                    t1))
        .isEqualTo(1);
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/trust/vendor-1/lineage", viewer).items().stream()
                .map(i -> i.asJsonObject().getString("beadId"))
                .toList())
        .containsExactly(t1, t2Id);
    // Lists page (api.md "Conventions"): limit and the cursor of the previous page.
    String lineage = "/api/v1/orgs/" + org + "/trust/vendor-1/lineage";
    HttpResult first = ksp.get(lineage + "?limit=1", viewer);
    assertThat(first.items().getJsonObject(0).getString("beadId")).isEqualTo(t1);
    String next = first.json().getString("nextCursor");
    HttpResult second = ksp.get(lineage + "?limit=1&cursor=" + next, viewer);
    assertThat(second.items().getJsonObject(0).getString("beadId")).isEqualTo(t2Id);
    assertThat(second.json().isNull("nextCursor")).isTrue();
    HttpResult badCursor = ksp.get(lineage + "?cursor=nonsense", viewer);
    assertThat(badCursor.status()).isEqualTo(400);
    assertThat(badCursor.problemCode()).isEqualTo("invalid-cursor");
    HttpResult audit =
        ksp.get("/api/v1/orgs/" + org + "/beads/" + t2.json().getString("auditBeadId"), viewer);
    assertThat(audit.json().getJsonObject("content").getString("action")).isEqualTo("SUPERSEDE");
    // The old bead is untouched.
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/beads/" + t1, viewer)
                .json()
                .getJsonObject("content")
                .getJsonNumber("trust_score")
                .doubleValue())
        .isEqualTo(0.6);

    HttpResult again =
        write(
            ksp,
            org,
            "trust",
            trust("vendor-1", "SUSPENDED", 0.1),
            "\"supersedes\":\"" + t1 + "\"");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.problemCode()).isEqualTo("already-superseded");
    HttpResult otherSubject =
        write(
            ksp,
            org,
            "trust",
            trust("vendor-2", "APPROVED", 0.5),
            "\"supersedes\":\"" + t2Id + "\"");
    assertThat(otherSubject.status()).isEqualTo(422);
    assertThat(otherSubject.problemCode()).isEqualTo("invalid-supersede");
    HttpResult otherType =
        write(ksp, org, "policy", policy("org", "SUGGEST"), "\"supersedes\":\"" + t2Id + "\"");
    assertThat(otherType.problemCode()).isEqualTo("invalid-supersede");
    assertThat(ksp.get("/api/v1/orgs/" + org + "/trust/vendor-2", viewer).problemCode())
        .isEqualTo("no-trust-head");
  }

  @Test
  void listsFilterByTypeSubjectAndStatusAndPageWithACursor(Ksp ksp) {
    String org = Ksp.newOrg("list");
    for (int i = 0; i < 5; i++) {
      created(ksp, org, "trust", trust("vendor-" + i, i % 2 == 0 ? "APPROVED" : "PENDING", 0.5));
    }
    String viewer = ksp.token(Ksp.VIEWER, org);
    HttpResult page1 = ksp.get("/api/v1/orgs/" + org + "/beads?type=trust&limit=2", viewer);
    assertThat(page1.items()).hasSize(2);
    String cursor = page1.json().getString("nextCursor");
    HttpResult page2 =
        ksp.get("/api/v1/orgs/" + org + "/beads?type=trust&limit=2&cursor=" + cursor, viewer);
    HttpResult page3 =
        ksp.get(
            "/api/v1/orgs/"
                + org
                + "/beads?type=trust&limit=2&cursor="
                + page2.json().getString("nextCursor"),
            viewer);
    assertThat(page3.items()).hasSize(1);
    assertThat(page3.json().isNull("nextCursor")).isTrue();
    List<String> all = new java.util.ArrayList<>();
    for (HttpResult p : List.of(page1, page2, page3)) {
      p.items().forEach(i -> all.add(i.asJsonObject().getString("beadId")));
    }
    assertThat(all).hasSize(5).doesNotHaveDuplicates();
    assertThat(ksp.get("/api/v1/orgs/" + org + "/beads?type=trust&status=APPROVED", viewer).items())
        .hasSize(3);
    assertThat(ksp.get("/api/v1/orgs/" + org + "/beads?subjectId=vendor-1", viewer).items())
        .hasSize(1);
    assertThat(ksp.get("/api/v1/orgs/" + org + "/beads?type=audit", viewer).items()).hasSize(5);
    assertThat(ksp.get("/api/v1/orgs/" + org + "/beads?limit=0", viewer).status()).isEqualTo(400);
    assertThat(ksp.get("/api/v1/orgs/" + org + "/beads?limit=501", viewer).status()).isEqualTo(400);
    assertThat(ksp.get("/api/v1/orgs/" + org + "/beads?cursor=garbage", viewer).problemCode())
        .isEqualTo("invalid-cursor");
  }

  @Test
  void consentsAreActiveUntilRevokedByANewerBead_INV_BG_005(Ksp ksp) {
    String org = Ksp.newOrg("consent");
    String viewer = ksp.token(Ksp.VIEWER, org);
    assertThat(ksp.get("/api/v1/orgs/" + org + "/consents/role-1", viewer).problemCode())
        .isEqualTo("no-active-consent");
    String granted =
        created(ksp, org, "consent", Beads.consent("role-1", "ACTIVE", "[\"purchase\"]"));
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/consents/role-1", viewer).json().getString("beadId"))
        .isEqualTo(granted);
    String revoke =
        """
        {"role_id":"role-1","grants":[],"status":"REVOKED","granted_by":"op","granted_at":"2026-06-11T00:00:00Z","revokes":"%s"}"""
            .formatted(granted);
    HttpResult revoked = write(ksp, org, "consent", revoke);
    assertThat(revoked.status()).isEqualTo(201);
    assertThat(
            ksp.get(
                    "/api/v1/orgs/" + org + "/beads/" + revoked.json().getString("auditBeadId"),
                    viewer)
                .json()
                .getJsonObject("content")
                .getString("action"))
        .isEqualTo("CONSENT_REVOKE");
    assertThat(ksp.get("/api/v1/orgs/" + org + "/consents/role-1", viewer).status()).isEqualTo(404);
  }

  @Test
  void openAmendmentsSkipSupersededOnes_FIX(Ksp ksp) {
    String org = Ksp.newOrg("amend");
    String target = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.8));
    String pending = created(ksp, org, "amendment", amendment(target, "PENDING"));
    String open =
        created(
            ksp,
            org,
            "amendment",
            amendment(target, "PENDING").replace("\"rationale\":\"r\"", "\"rationale\":\"other\""));
    HttpResult approved =
        write(
            ksp,
            org,
            "amendment",
            amendment(target, "APPROVED"),
            "\"supersedes\":\"" + pending + "\"");
    assertThat(approved.status()).isEqualTo(201);
    List<String> listed =
        ksp
            .get("/api/v1/orgs/" + org + "/amendments?status=open", ksp.token(Ksp.VIEWER, org))
            .items()
            .stream()
            .map(i -> i.asJsonObject().getString("beadId"))
            .toList();
    assertThat(listed).containsExactly(open);
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/trust/vendor-1/lineage", ksp.token(Ksp.VIEWER, org))
                .items())
        .hasSize(4);
  }

  static String amendment(String target, String status) {
    return """
        {"target_bead_id":"%s","target_type":"trust","proposed_change":{"trust_score":0.5},"rationale":"r","triggered_by":"human","status":"%s"}"""
        .formatted(target, status);
  }

  @Test
  void scenario1_theIdOfAnyContentCanBeComputedWithoutWriting(Ksp ksp) {
    HttpResult r =
        ksp.post(
            "/api/v1/bead-ids",
            ksp.token(Ksp.VIEWER, "demo"),
            """
        {"type":"trust","content":{"b":2,"a":1},"parentIds":["bbb","aaa"]}""");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("beadId"))
        .isEqualTo("36fed4f6b7bd244dc511fff93dd5ad4bf01eb0b016b4de63033624a23fd8af0c");
    assertThat(r.json().getString("canonicalJson")).isEqualTo("{\"a\":1,\"b\":2}");
  }

  @Test
  void rolesAndOrgsAreEnforced(Ksp ksp) {
    String org = Ksp.newOrg("authz");
    HttpResult viewerWrites =
        ksp.post(
            "/api/v1/orgs/" + org + "/beads",
            ksp.token(Ksp.VIEWER, org),
            "{\"type\":\"trust\",\"content\":{}}");
    assertThat(viewerWrites.status()).isEqualTo(403);
    assertThat(viewerWrites.problemCode()).isEqualTo("forbidden");
    HttpResult agentWrites =
        ksp.post(
            "/api/v1/orgs/" + org + "/beads",
            ksp.token(Ksp.AGENT, org),
            "{\"type\":\"trust\",\"content\":{}}");
    assertThat(agentWrites.status()).isEqualTo(403);
    HttpResult otherOrg =
        ksp.get("/api/v1/orgs/" + org + "/beads", ksp.token(Ksp.VIEWER, "some-other-org"));
    assertThat(otherOrg.status()).isEqualTo(403);
    assertThat(otherOrg.problemCode()).isEqualTo("org-forbidden");
    assertThat(
            ksp.get(
                    "/api/v1/orgs/" + org + "/beads",
                    ksp.tokens().mint("adm", List.of(Ksp.ADMIN), List.of()))
                .status())
        .as("admins are not org-scoped")
        .isEqualTo(200);
    assertThat(
            ksp.get(
                    "/api/v1/orgs/" + org + "/beads",
                    ksp.tokens().mint("all", List.of(Ksp.VIEWER), List.of("*")))
                .status())
        .isEqualTo(200);
    assertThat(ksp.get("/api/v1/orgs/" + org + "/integrity", ksp.token(Ksp.OPERATOR, org)).status())
        .isEqualTo(403);
  }

  @Test
  void invalidPathIdsAre400InvalidId(Ksp ksp) {
    String admin = ksp.tokens().mint("adm", List.of(Ksp.ADMIN), List.of("*"));
    HttpResult colonOrg = ksp.get("/api/v1/orgs/a:b/beads", admin);
    assertThat(colonOrg.status()).isEqualTo(400);
    assertThat(colonOrg.problemCode()).isEqualTo("invalid-id");
    assertThat(colonOrg.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("path.org");
    HttpResult longId = ksp.get("/api/v1/orgs/demo/beads/" + "a".repeat(201), admin);
    assertThat(longId.problemCode()).isEqualTo("invalid-id");
    HttpResult badChars = ksp.get("/api/v1/orgs/demo/trust/vendor%20one", admin);
    assertThat(badChars.problemCode()).isEqualTo("invalid-id");
    assertThat(ksp.get("/api/v1/orgs/demo/beads/" + "f".repeat(64), admin).problemCode())
        .isEqualTo("bead-not-found");
  }

  @Test
  void anAmendmentMovesOnlyAlongItsStateMachine_core3(Ksp ksp) {
    String org = Ksp.newOrg("amendsm");
    String target = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.8));
    String pending = created(ksp, org, "amendment", amendment(target, "PENDING"));
    long before = rows(ksp, org);
    HttpResult stillPending =
        write(
            ksp,
            org,
            "amendment",
            amendment(target, "PENDING").replace("\"rationale\":\"r\"", "\"rationale\":\"r2\""),
            "\"supersedes\":\"" + pending + "\"");
    assertThat(stillPending.status()).isEqualTo(422);
    assertThat(stillPending.problemCode()).isEqualTo("invalid-supersede");
    assertThat(stillPending.json().getString("detail")).contains("PENDING can only become");
    HttpResult retargeted =
        write(
            ksp,
            org,
            "amendment",
            amendment("ab".repeat(32), "APPROVED"),
            "\"supersedes\":\"" + pending + "\"");
    assertThat(retargeted.problemCode()).isEqualTo("invalid-supersede");
    assertThat(retargeted.json().getString("detail")).contains("target_bead_id");
    assertThat(rows(ksp, org)).isEqualTo(before);

    HttpResult rejected =
        write(
            ksp,
            org,
            "amendment",
            amendment(target, "REJECTED"),
            "\"supersedes\":\"" + pending + "\"");
    assertThat(rejected.status()).isEqualTo(201);
    HttpResult reopened =
        write(
            ksp,
            org,
            "amendment",
            amendment(target, "APPROVED"),
            "\"supersedes\":\"" + rejected.json().getString("beadId") + "\"");
    assertThat(reopened.status()).isEqualTo(422);
    assertThat(reopened.problemCode()).isEqualTo("invalid-supersede");
    assertThat(reopened.json().getString("detail")).contains("REJECTED is final");
    assertThat(reopened.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("supersedes");
  }

  @Test
  void aRevocationMustNameAConsentOfItsRole_INV_BG_005(Ksp ksp) {
    String org = Ksp.newOrg("revoke");
    String granted =
        created(ksp, org, "consent", Beads.consent("role-1", "ACTIVE", "[\"purchase\"]"));
    String otherRole =
        created(ksp, org, "consent", Beads.consent("role-2", "ACTIVE", "[\"purchase\"]"));
    String trustBead = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.8));
    long before = rows(ksp, org);
    for (String revoked : List.of("ab".repeat(32), "not-an-id", otherRole, trustBead)) {
      HttpResult r = write(ksp, org, "consent", revoke("role-1", revoked));
      assertThat(r.status()).as(revoked).isEqualTo(422);
      assertThat(r.problemCode()).isEqualTo("invalid-supersede");
      assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field"))
          .isEqualTo("content.revokes");
    }
    assertThat(rows(ksp, org)).isEqualTo(before);
    String viewer = ksp.token(Ksp.VIEWER, org);
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/consents/role-2", viewer).json().getString("beadId"))
        .as("another role's consent is untouched")
        .isEqualTo(otherRole);
    assertThat(write(ksp, org, "consent", revoke("role-1", granted)).status()).isEqualTo(201);
    assertThat(ksp.get("/api/v1/orgs/" + org + "/consents/role-1", viewer).status()).isEqualTo(404);
  }

  static String revoke(String role, String revoked) {
    return """
        {"role_id":"%s","grants":[],"status":"REVOKED","granted_by":"op","granted_at":"2026-06-11T00:00:00Z","revokes":"%s"}"""
        .formatted(role, revoked);
  }

  /**
   * Sends a request head and only {@code body} over a raw socket, then reads the answer: an answer
   * that arrives proves the server did not wait for the rest of a body it was told is larger.
   */
  static String rawPost(Ksp ksp, String path, String token, String headers, byte[]... body)
      throws java.io.IOException {
    java.net.URI base = ksp.base();
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      String head =
          "POST "
              + base.getPath().replaceAll("/$", "")
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + token
              + "\r\nContent-Type: application/json\r\n"
              + headers
              + "\r\n";
      java.io.OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      try {
        for (byte[] part : body) {
          out.write(part);
        }
        out.flush();
      } catch (java.io.IOException answeredAlready) {
        // The server may stop reading once it has refused the body; its answer is still there.
      }
      java.io.InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[8192];
      while (!answer.toString().contains("}")) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        answer.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
      }
      return answer.toString();
    }
  }

  @Test
  void aBodyDeclaredOverTheLimitIsRefusedBeforeItIsRead(Ksp ksp) throws Exception {
    String org = Ksp.newOrg("bodylimit");
    byte[] start =
        "{\"type\":\"trust\",\"content\":{\"pad\":\""
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String s = KnowingStateSessionIT.open(ksp, org, "role-1");
    String[][] writes = {
      {"/api/v1/orgs/" + org + "/beads", ksp.token(Ksp.OPERATOR, org)},
      {"/api/v1/orgs/" + org + "/sessions/" + s + "/executions", ksp.token(Ksp.AGENT, org)},
      {"/api/v1/orgs/" + org + "/sessions/" + s + "/outcomes", ksp.token(Ksp.AGENT, org)},
      {"/api/v1/bead-ids", ksp.token(Ksp.AGENT, org)}
    };
    for (String[] w : writes) {
      // 50 MB announced, a few bytes sent: the answer cannot have waited for the body.
      String answer = rawPost(ksp, w[0], w[1], "Content-Length: 50000000\r\n", start);
      assertThat(answer)
          .as(w[0])
          .startsWith("HTTP/1.1 413")
          .containsIgnoringCase("content-type: application/problem+json")
          .contains("urn:ksp:problem:payload-too-large")
          .contains("the request body is 50000000 bytes");
    }
    assertThat(rows(ksp, org)).isZero();
  }

  @Test
  void aStreamedBodyIsRefusedOnceItPassesTheLimit(Ksp ksp) throws Exception {
    String org = Ksp.newOrg("chunked");
    // No Content-Length: 17 chunks of 64 KiB, just over the 1 MiB limit, and no final chunk.
    java.util.List<byte[]> chunks = new java.util.ArrayList<>();
    byte[] data = new byte[64 * 1024];
    java.util.Arrays.fill(data, (byte) 'x');
    byte[] first =
        "{\"type\":\"trust\",\"content\":{\"pad\":\""
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(first, 0, data, 0, first.length);
    for (int i = 0; i < 17; i++) {
      chunks.add(
          (Integer.toHexString(data.length) + "\r\n")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      chunks.add(data.clone());
      chunks.add("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      if (i == 0) {
        java.util.Arrays.fill(data, 0, first.length, (byte) 'x');
      }
    }
    String answer =
        rawPost(
            ksp,
            "/api/v1/orgs/" + org + "/beads",
            ksp.token(Ksp.OPERATOR, org),
            "Transfer-Encoding: chunked\r\n",
            chunks.toArray(byte[][]::new));
    assertThat(answer)
        .startsWith("HTTP/1.1 413")
        .contains("urn:ksp:problem:payload-too-large")
        .contains("the request body is larger than 1048576 bytes");
    assertThat(rows(ksp, org)).isZero();
  }

  @Test
  void anIdOfContentJsonCannotHashIs400NamingTheField(Ksp ksp) {
    String token = ksp.token(Ksp.VIEWER, "demo");
    HttpResult huge =
        ksp.post("/api/v1/bead-ids", token, "{\"type\":\"trust\",\"content\":{\"n\":1e400}}");
    assertThat(huge.status()).isEqualTo(400);
    assertThat(huge.problemCode()).isEqualTo("bead-validation");
    assertThat(huge.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("content.n");
    HttpResult surrogate =
        ksp.post(
            "/api/v1/bead-ids",
            token,
            "{\"type\":\"trust\",\"content\":{\"a\":{\"s\":\"\\ud800\"}}}");
    assertThat(surrogate.status()).as(surrogate.toString()).isEqualTo(400);
    assertThat(surrogate.problemCode()).isEqualTo("bead-validation");
    assertThat(surrogate.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("content.a.s");
    HttpResult nullParent =
        ksp.post(
            "/api/v1/bead-ids", token, "{\"type\":\"trust\",\"content\":{},\"parentIds\":[null]}");
    assertThat(nullParent.status()).isEqualTo(400);
    assertThat(nullParent.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("parentIds[0]");
  }

  @Test
  void theBeadAndSessionPathsAreInTheOpenApiDocument(Ksp ksp) {
    JsonObject paths =
        ksp.send(ksp.request("/openapi", null).header("Accept", "application/json").GET())
            .json()
            .getJsonObject("paths");
    String o = "/api/v1/orgs/{org}";
    assertThat(paths.keySet())
        .contains(
            o + "/beads",
            o + "/beads/{beadId}",
            o + "/trust/{subjectId}",
            o + "/trust/{subjectId}/lineage",
            o + "/consents/{roleId}",
            o + "/amendments",
            o + "/knowing-state",
            o + "/integrity",
            "/api/v1/bead-ids",
            o + "/sessions",
            o + "/sessions/{sessionId}",
            o + "/sessions/{sessionId}/knowing-state",
            o + "/sessions/{sessionId}/trust-evaluations",
            o + "/sessions/{sessionId}/executions",
            o + "/sessions/{sessionId}/outcomes",
            o + "/sessions/{sessionId}/consent");
    assertThat(responses(paths, o + "/beads", "post"))
        .contains("200", "201", "400", "409", "413", "422");
    assertThat(responses(paths, o + "/sessions/{sessionId}/executions", "post"))
        .contains("200", "201", "400", "403", "404", "409", "413");
    assertThat(responses(paths, o + "/sessions/{sessionId}/outcomes", "post"))
        .contains("200", "201", "400", "404", "413", "422");
    assertThat(responses(paths, o + "/sessions/{sessionId}/knowing-state", "post"))
        .contains("400", "404", "503");
    assertThat(responses(paths, o + "/knowing-state", "get")).contains("400");
    assertThat(responses(paths, "/api/v1/bead-ids", "post")).contains("400", "413");
    assertThat(paths.getJsonObject(o + "/sessions/{sessionId}").keySet()).contains("get", "delete");
  }

  static java.util.Set<String> responses(JsonObject paths, String path, String method) {
    return paths.getJsonObject(path).getJsonObject(method).getJsonObject("responses").keySet();
  }
}
