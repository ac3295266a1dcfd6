package ai.koales.ksp.it.bead;

import static ai.koales.ksp.it.bead.Beads.created;
import static ai.koales.ksp.it.bead.Beads.execution;
import static ai.koales.ksp.it.bead.Beads.policy;
import static ai.koales.ksp.it.bead.Beads.rows;
import static ai.koales.ksp.it.bead.Beads.trust;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Knowing-state sessions over REST (core.md §4.2; §8 scenarios 16-22; api.md "Knowing-state
 * sessions").
 */
@SystemTest
class KnowingStateSessionIT {

  static String open(Ksp ksp, String org, String role) {
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions",
            ksp.token(Ksp.AGENT, org),
            """
        {"roleId":"%s","agentId":"agent-1"}"""
                .formatted(role));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.header("Location")).endsWith("/sessions/" + r.json().getString("sessionId"));
    return r.json().getString("sessionId");
  }

  static HttpResult retrieve(Ksp ksp, String org, String session, String category) {
    return ksp.post(
        "/api/v1/orgs/" + org + "/sessions/" + session + "/knowing-state",
        ksp.token(Ksp.AGENT, org),
        category == null ? "{}" : "{\"category\":\"" + category + "\"}");
  }

  static HttpResult execute(Ksp ksp, String org, String session, String level) {
    return ksp.post(
        "/api/v1/orgs/" + org + "/sessions/" + session + "/executions",
        ksp.token(Ksp.AGENT, org),
        "{\"content\":" + execution(level, "") + "}");
  }

  static JsonObject session(Ksp ksp, String org, String session) {
    return ksp.get("/api/v1/orgs/" + org + "/sessions/" + session, ksp.token(Ksp.AGENT, org))
        .json();
  }

  @Test
  void aNewSessionStartsAtExecuteFullWithNothingRetrieved(Ksp ksp) {
    String org = Ksp.newOrg("open");
    String s = open(ksp, org, "role-1");
    JsonObject view = session(ksp, org, s);
    assertThat(view.getString("autonomyFloor")).isEqualTo("EXECUTE_FULL");
    assertThat(view.isNull("ksRetrievedAt")).isTrue();
    assertThat(Instant.parse(view.getString("expiresAt")))
        .isAfter(Instant.now().plusSeconds(23 * 3600));
    assertThat(view.getString("orgId")).isEqualTo(org);
    assertThat(view.getString("roleId")).isEqualTo("role-1");
  }

  @Test
  void scenario16_anExecutionBeforeRetrievalIs409AndWritesNothing(Ksp ksp) {
    String org = Ksp.newOrg("s16");
    String s = open(ksp, org, "role-1");
    HttpResult r = execute(ksp, org, s, "EXECUTE_FULL");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.problemCode()).isEqualTo("session-not-initialized");
    assertThat(rows(ksp, org)).isZero();
  }

  @Test
  void scenario17_aSecondSessionIsServedFromTheCacheAndMayThenExecute(Ksp ksp) {
    String org = Ksp.newOrg("s17");
    created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    HttpResult first = retrieve(ksp, org, open(ksp, org, "role-1"), null);
    assertThat(first.json().getBoolean("cacheHit")).isFalse();

    String b = open(ksp, org, "role-1");
    Instant before = Instant.now().minusMillis(5);
    HttpResult second = retrieve(ksp, org, b, null);
    assertThat(second.json().getBoolean("cacheHit")).isTrue();
    assertThat(second.json().getString("retrievedAt"))
        .isEqualTo(first.json().getString("retrievedAt"));
    assertThat(Instant.parse(session(ksp, org, b).getString("ksRetrievedAt"))).isAfter(before);
    assertThat(execute(ksp, org, b, "SUGGEST").status()).isEqualTo(201);
  }

  @Test
  void aCommittedTrustWriteIsVisibleToTheNextRetrieval_INV_BG_006(Ksp ksp) {
    String org = Ksp.newOrg("inval");
    created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    String s = open(ksp, org, "role-1");
    assertThat(retrieve(ksp, org, s, null).json().getJsonArray("trustedSubjects")).isEmpty();
    assertThat(retrieve(ksp, org, s, null).json().getBoolean("cacheHit")).isTrue();
    created(ksp, org, "trust", trust("vendor-9", "APPROVED", 0.9));
    HttpResult after = retrieve(ksp, org, s, null);
    assertThat(after.json().getBoolean("cacheHit")).isFalse();
    assertThat(after.json().getJsonArray("trustedSubjects")).hasSize(1);
  }

  @Test
  void scenario18_aFailedRetrievalIs503AndLeavesTheSessionAtSuggest_INV_BG_008(Ksp ksp) {
    String org = Ksp.newOrg("s18");
    created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    String s = open(ksp, org, "role-1");
    assertThat(retrieve(ksp, org, s, null).status()).isEqualTo(200);
    // The graph cannot be read: a row no reader has parsed yet no longer holds JSON.
    String broken = created(ksp, org, "trust", trust("vendor-x", "x", "APPROVED", 0.9));
    ksp.db()
        .update(
            "UPDATE bead SET content = ? WHERE org_id = ? AND bead_id = ?",
            "{not json",
            org,
            broken);

    HttpResult failed = retrieve(ksp, org, s, "x");
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.problemCode()).isEqualTo("knowing-state-unavailable");
    assertThat(failed.header("Retry-After")).isNotNull();
    assertThat(session(ksp, org, s).getString("autonomyFloor")).isEqualTo("SUGGEST");
    assertThat(
            ksp.db()
                .query("SELECT autonomy_floor FROM ksp_session WHERE session_id = ?", s)
                .get(0)
                .get("autonomy_floor"))
        .isEqualTo("SUGGEST");

    HttpResult full = execute(ksp, org, s, "EXECUTE_FULL");
    assertThat(full.status()).isEqualTo(403);
    assertThat(full.problemCode()).isEqualTo("autonomy-degraded");
    assertThat(execute(ksp, org, s, "SUGGEST").status()).isEqualTo(201);
  }

  @Test
  void anOrgWithoutAPolicyIsSuggestOnly_Q3(Ksp ksp) {
    String org = Ksp.newOrg("nopolicy");
    String s = open(ksp, org, "role-1");
    HttpResult ks = retrieve(ksp, org, s, null);
    assertThat(ks.json().isNull("policy")).isTrue();
    assertThat(session(ksp, org, s).getString("autonomyFloor")).isEqualTo("SUGGEST");
    assertThat(execute(ksp, org, s, "PROPOSE").problemCode()).isEqualTo("autonomy-degraded");
  }

  @Test
  void scenario19_unknownAndClosedSessionsAre404(Ksp ksp) {
    String org = Ksp.newOrg("s19");
    assertThat(retrieve(ksp, org, "nope", null).problemCode()).isEqualTo("session-not-found");
    assertThat(execute(ksp, org, "nope", "SUGGEST").status()).isEqualTo(404);
    String s = open(ksp, org, "role-1");
    assertThat(
            ksp.get(
                    "/api/v1/orgs/" + Ksp.newOrg("other") + "/sessions/" + s,
                    ksp.tokens().mint("a", java.util.List.of(Ksp.ADMIN), java.util.List.of("*")))
                .status())
        .as("a session belongs to its org")
        .isEqualTo(404);
    assertThat(
            ksp.delete("/api/v1/orgs/" + org + "/sessions/" + s, ksp.token(Ksp.AGENT, org))
                .status())
        .isEqualTo(204);
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/sessions/" + s, ksp.token(Ksp.AGENT, org))
                .problemCode())
        .isEqualTo("session-not-found");
  }

  @Test
  void scenario15_trustEvaluationOverRest(Ksp ksp) {
    String org = Ksp.newOrg("s15");
    created(ksp, org, "trust", trust("good", "APPROVED", 0.95));
    created(ksp, org, "trust", trust("bounded", "APPROVED", 0.7));
    created(ksp, org, "trust", trust("suspended", "SUSPENDED", 0.95));
    String s = open(ksp, org, "role-1");
    String path = "/api/v1/orgs/" + org + "/sessions/" + s + "/trust-evaluations";
    JsonObject good = ksp.post(path, ksp.token(Ksp.AGENT, org), "{\"subjectId\":\"good\"}").json();
    assertThat(good.getBoolean("trusted")).isTrue();
    assertThat(good.getString("autonomy")).isEqualTo("EXECUTE_FULL");
    assertThat(good.getJsonObject("trustBead").getString("subject_id")).isEqualTo("good");
    assertThat(
            ksp.post(path, ksp.token(Ksp.AGENT, org), "{\"subjectId\":\"bounded\"}")
                .json()
                .getString("autonomy"))
        .isEqualTo("EXECUTE_BOUNDED");
    JsonObject suspended =
        ksp.post(path, ksp.token(Ksp.AGENT, org), "{\"subjectId\":\"suspended\"}").json();
    assertThat(suspended.getBoolean("trusted")).isFalse();
    assertThat(suspended.getString("autonomy")).isEqualTo("SUGGEST");
    JsonObject nobody =
        ksp.post(path, ksp.token(Ksp.AGENT, org), "{\"subjectId\":\"nobody\"}").json();
    assertThat(nobody.getBoolean("trusted")).isFalse();
    assertThat(nobody.isNull("trustBead")).isTrue();
  }

  @Test
  void scenario21_consentChecksOverRest(Ksp ksp) {
    String org = Ksp.newOrg("s21");
    String s = open(ksp, org, "role-1");
    String path = "/api/v1/orgs/" + org + "/sessions/" + s + "/consent?action=";
    assertThat(ksp.get(path + "purchase", ksp.token(Ksp.AGENT, org)).json().getBoolean("granted"))
        .isFalse();
    created(ksp, org, "consent", Beads.consent("role-1", "ACTIVE", "[\"purchase\"]"));
    JsonObject granted = ksp.get(path + "purchase", ksp.token(Ksp.AGENT, org)).json();
    assertThat(granted.getString("action")).isEqualTo("purchase");
    assertThat(granted.getBoolean("granted")).isTrue();
    assertThat(ksp.get(path + "refund", ksp.token(Ksp.AGENT, org)).json().getBoolean("granted"))
        .isFalse();
  }

  @Test
  void scenario22_anOutcomeThatTriggersAmendmentProposesOne_Q11(Ksp ksp) {
    String org = Ksp.newOrg("s22");
    created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    String trustBead = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.8));
    String s = open(ksp, org, "role-1");
    retrieve(ksp, org, s, null);
    HttpResult exec =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions/" + s + "/executions",
            ksp.token(Ksp.AGENT, org),
            "{\"content\":" + execution("EXECUTE_FULL", trustBead) + "}");
    assertThat(exec.status()).isEqualTo(201);
    String executionId = exec.json().getString("beadId");

    HttpResult outcome =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions/" + s + "/outcomes",
            ksp.token(Ksp.AGENT, org),
            """
            {"executionBeadId":"%s","content":{"status":"FAILURE","summary":"declined","triggers_amendment":true}}"""
                .formatted(executionId));
    assertThat(outcome.status()).as(outcome.toString()).isEqualTo(201);
    String amendmentId = outcome.json().getString("amendmentBeadId");
    JsonObject amendment =
        ksp.get("/api/v1/orgs/" + org + "/beads/" + amendmentId, ksp.token(Ksp.VIEWER, org)).json();
    assertThat(amendment.getJsonObject("content").getString("status")).isEqualTo("PENDING");
    assertThat(amendment.getJsonObject("content").getString("triggered_by"))
        .isEqualTo(outcome.json().getString("beadId"));
    assertThat(amendment.getJsonObject("content").getString("target_bead_id")).isEqualTo(trustBead);
    assertThat(amendment.getJsonArray("parentIds").getString(0))
        .isEqualTo(outcome.json().getString("beadId"));
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/amendments?status=open", ksp.token(Ksp.VIEWER, org))
                .items())
        .hasSize(1);

    HttpResult quiet =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions/" + s + "/outcomes",
            ksp.token(Ksp.AGENT, org),
            """
            {"executionBeadId":"%s","content":{"status":"SUCCESS","summary":"ok","triggers_amendment":false}}"""
                .formatted(executionId));
    assertThat(quiet.json().isNull("amendmentBeadId")).isTrue();
  }

  @Test
  void anOutcomeOfAnUnknownExecutionIs422AndStoresNothing(Ksp ksp) {
    String org = Ksp.newOrg("s9b");
    String s = open(ksp, org, "role-1");
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions/" + s + "/outcomes",
            ksp.token(Ksp.AGENT, org),
            """
            {"executionBeadId":"%s","content":{"status":"SUCCESS","summary":"ok","triggers_amendment":false}}"""
                .formatted("e".repeat(64)));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.problemCode()).isEqualTo("unknown-parent");
    assertThat(rows(ksp, org)).isZero();
  }

  @Test
  void onlyAgentsUseSessions(Ksp ksp) {
    String org = Ksp.newOrg("roles");
    HttpResult viewer =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions",
            ksp.token(Ksp.VIEWER, org),
            "{\"roleId\":\"r\",\"agentId\":\"a\"}");
    assertThat(viewer.status()).isEqualTo(403);
    HttpResult invalid =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions", ksp.token(Ksp.AGENT, org), "{\"roleId\":\"\"}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(
            invalid.json().getJsonArray("errors").stream()
                .map(e -> e.asJsonObject().getString("field"))
                .toList())
        .contains("roleId", "agentId");
  }

  @Test
  void aFreshSessionSendingBadContentIsStillSessionNotInitialized_checkOrder(Ksp ksp) {
    String org = Ksp.newOrg("order");
    String s = open(ksp, org, "role-1");
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions/" + s + "/executions",
            ksp.token(Ksp.AGENT, org),
            "{\"content\":" + execution("NOT_A_LEVEL", "") + "}");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.problemCode()).isEqualTo("session-not-initialized");
    HttpResult empty =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions/" + s + "/executions",
            ksp.token(Ksp.AGENT, org),
            "{\"content\":{}}");
    assertThat(empty.problemCode()).isEqualTo("session-not-initialized");
    created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    retrieve(ksp, org, s, null);
    HttpResult after =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions/" + s + "/executions",
            ksp.token(Ksp.AGENT, org),
            "{\"content\":" + execution("NOT_A_LEVEL", "") + "}");
    assertThat(after.status()).isEqualTo(400);
    assertThat(after.problemCode()).isEqualTo("bead-validation");
    assertThat(rows(ksp, org)).isEqualTo(2);
  }

  @Test
  void repeatingAnExecutionOrAnOutcomeIs200WithTheSameBody(Ksp ksp) {
    String org = Ksp.newOrg("repeat");
    created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    String trustBead = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.8));
    String s = open(ksp, org, "role-1");
    retrieve(ksp, org, s, null);
    String path = "/api/v1/orgs/" + org + "/sessions/" + s;
    String exec = "{\"content\":" + execution("SUGGEST", trustBead) + "}";
    HttpResult first = ksp.post(path + "/executions", ksp.token(Ksp.AGENT, org), exec);
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.header("Location")).endsWith("/beads/" + first.json().getString("beadId"));
    HttpResult again = ksp.post(path + "/executions", ksp.token(Ksp.AGENT, org), exec);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json());

    String outcome =
        """
        {"executionBeadId":"%s","content":{"status":"FAILURE","summary":"declined","triggers_amendment":true}}"""
            .formatted(first.json().getString("beadId"));
    HttpResult o1 = ksp.post(path + "/outcomes", ksp.token(Ksp.AGENT, org), outcome);
    assertThat(o1.status()).isEqualTo(201);
    assertThat(o1.json().isNull("amendmentBeadId")).isFalse();
    long rowsAfterFirst = rows(ksp, org);
    HttpResult o2 = ksp.post(path + "/outcomes", ksp.token(Ksp.AGENT, org), outcome);
    assertThat(o2.status()).isEqualTo(200);
    assertThat(o2.json()).isEqualTo(o1.json());
    assertThat(rows(ksp, org)).isEqualTo(rowsAfterFirst);
  }
}
