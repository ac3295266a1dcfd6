package ai.koales.ksp.it.bead;

import static ai.koales.ksp.it.bead.Beads.created;
import static ai.koales.ksp.it.bead.Beads.policy;
import static ai.koales.ksp.it.bead.Beads.trust;
import static ai.koales.ksp.it.bead.Beads.write;
import static ai.koales.ksp.it.bead.KnowingStateSessionIT.open;
import static ai.koales.ksp.it.bead.KnowingStateSessionIT.retrieve;
import static ai.koales.ksp.it.bead.KnowingStateSessionIT.session;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Knowing-state retrieval on the real graph (core.md §4.1, §8 scenarios 12-14), through a session
 * and through GET /orgs/{org}/knowing-state, and the cache keys both share.
 */
@SystemTest
class KnowingStateReadIT {

  static HttpResult read(Ksp ksp, String org, String query) {
    return ksp.get("/api/v1/orgs/" + org + "/knowing-state?" + query, ksp.token(Ksp.VIEWER, org));
  }

  static List<Double> scores(JsonObject knowingState) {
    return knowingState.getJsonArray("trustedSubjects").stream()
        .map(t -> t.asJsonObject().getJsonNumber("trust_score").doubleValue())
        .toList();
  }

  /** Waits until the clock has passed the bead's ts, so the next bead is strictly newer. */
  static void awaitClockPast(Ksp ksp, String org, String beadId) {
    long ts =
        ksp.get("/api/v1/orgs/" + org + "/beads/" + beadId, ksp.token(Ksp.VIEWER, org))
            .json()
            .getJsonNumber("ts")
            .longValue();
    while (System.currentTimeMillis() <= ts) {
      Thread.onSpinWait();
    }
  }

  @Test
  void scenario12_anEmptyOrgKnowsNothing(Ksp ksp) {
    String org = Ksp.newOrg("s12");
    JsonObject viaSession = retrieve(ksp, org, open(ksp, org, "role-1"), null).json();
    assertThat(viaSession.isNull("policy")).isTrue();
    assertThat(viaSession.getJsonArray("trustedSubjects")).isEmpty();
    assertThat(viaSession.isNull("consent")).isTrue();
    JsonObject viaRead = read(ksp, org, "roleId=role-1").json();
    assertThat(viaRead.isNull("policy")).isTrue();
    assertThat(viaRead.getJsonArray("trustedSubjects")).isEmpty();
    assertThat(viaRead.isNull("consent")).isTrue();
    assertThat(Instant.parse(viaRead.getString("retrievedAt"))).isNotNull();
  }

  @Test
  void scenario13_theRolesNewestPolicyItsApprovedSubjectsBestFirstAndItsConsent(Ksp ksp) {
    String org = Ksp.newOrg("s13");
    // Written in this order with ascending ts, as in the scenario (1000, 2000, 3000).
    String orgPolicy = created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    awaitClockPast(ksp, org, orgPolicy);
    String role1Policy = created(ksp, org, "policy", policy("role-1", "EXECUTE_BOUNDED"));
    awaitClockPast(ksp, org, role1Policy);
    created(ksp, org, "policy", policy("role-2", "PROPOSE"));
    created(ksp, org, "trust", trust("v-a", "APPROVED", 0.6));
    created(ksp, org, "trust", trust("v-b", "APPROVED", 0.9));
    created(ksp, org, "trust", trust("v-c", "PENDING", 0.99));
    created(ksp, org, "consent", Beads.consent("role-1", "ACTIVE", "[\"purchase\"]"));
    JsonObject policyBead =
        ksp.get("/api/v1/orgs/" + org + "/beads/" + role1Policy, ksp.token(Ksp.VIEWER, org))
            .json()
            .getJsonObject("content");

    String s = open(ksp, org, "role-1");
    for (JsonObject ks :
        List.of(retrieve(ksp, org, s, null).json(), read(ksp, org, "roleId=role-1").json())) {
      assertThat(ks.getJsonObject("policy")).isEqualTo(policyBead);
      assertThat(scores(ks)).containsExactly(0.9, 0.6);
      assertThat(ks.getJsonObject("consent").getJsonArray("grants").getString(0))
          .isEqualTo("purchase");
      assertThat(ks.getJsonObject("consent").getJsonArray("grants")).hasSize(1);
    }
    assertThat(session(ksp, org, s).getString("autonomyFloor")).isEqualTo("EXECUTE_BOUNDED");
    JsonObject role2 = read(ksp, org, "roleId=role-2").json();
    assertThat(role2.getJsonObject("policy").getString("autonomy")).isEqualTo("PROPOSE");
    assertThat(role2.isNull("consent")).isTrue();
  }

  @Test
  void scenario14_aSupersededTrustBeadIsNeitherHeadNorTrusted(Ksp ksp) {
    String org = Ksp.newOrg("s14");
    String t1 = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.6));
    HttpResult t2 =
        write(
            ksp,
            org,
            "trust",
            trust("vendor-1", "APPROVED", 0.95),
            "\"supersedes\":\"" + t1 + "\"");
    assertThat(t2.status()).isEqualTo(201);
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/trust/vendor-1", ksp.token(Ksp.VIEWER, org))
                .json()
                .getString("beadId"))
        .isEqualTo(t2.json().getString("beadId"));
    assertThat(scores(retrieve(ksp, org, open(ksp, org, "role-1"), null).json()))
        .containsExactly(0.95);
    assertThat(scores(read(ksp, org, "roleId=role-1").json())).containsExactly(0.95);
  }

  @Test
  void theReadFiltersByCategoryAndSharesTheSessionsCacheEntry(Ksp ksp) {
    String org = Ksp.newOrg("ksread");
    created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    created(ksp, org, "trust", trust("v-1", "vendor", "APPROVED", 0.7));
    created(ksp, org, "trust", trust("a-1", "agent", "APPROVED", 0.8));
    assertThat(scores(read(ksp, org, "roleId=role-1&category=vendor").json())).containsExactly(0.7);
    JsonObject all = read(ksp, org, "roleId=role-1").json();
    assertThat(scores(all)).containsExactly(0.8, 0.7);
    HttpResult viaSession = retrieve(ksp, org, open(ksp, org, "role-1"), null);
    assertThat(viaSession.json().getBoolean("cacheHit")).isTrue();
    assertThat(viaSession.json().getString("retrievedAt")).isEqualTo(all.getString("retrievedAt"));
    assertThat(read(ksp, org, "roleId=role-1").json().getString("retrievedAt"))
        .isEqualTo(all.getString("retrievedAt"));
  }

  @Test
  void roleIdAndCategoryThatWouldBeCacheKeySyntaxAre400NamingTheField(Ksp ksp) {
    String org = Ksp.newOrg("ksbad");
    for (String[] bad :
        new String[][] {
          {"category=vendor", "roleId"},
          {"roleId=a:b", "roleId"},
          {"roleId=*", "roleId"},
          {"roleId=r&category=*", "category"},
          {"roleId=a&category=b:*", "category"},
          {"roleId=r&category=", "category"}
        }) {
      HttpResult r = read(ksp, org, bad[0].replace("*", "%2A").replace(":", "%3A"));
      assertThat(r.status()).as(bad[0]).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.problemCode()).isEqualTo("invalid-request");
      assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field"))
          .as(bad[0])
          .isEqualTo(bad[1]);
    }
    HttpResult colonRole =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions",
            ksp.token(Ksp.AGENT, org),
            "{\"roleId\":\"a:b\",\"agentId\":\"agent-1\"}");
    assertThat(colonRole.status()).isEqualTo(400);
    assertThat(colonRole.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("roleId");
    String s = open(ksp, org, "r");
    HttpResult starCategory = retrieve(ksp, org, s, "*");
    assertThat(starCategory.status()).isEqualTo(400);
    assertThat(starCategory.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("category");
    assertThat(session(ksp, org, s).isNull("ksRetrievedAt"))
        .as("a refused retrieval records nothing")
        .isTrue();
  }

  @Test
  void aViewerCannotPoisonTheUnfilteredKnowingState(Ksp ksp) {
    String org = Ksp.newOrg("poison");
    created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.9));
    // The attack: category '*' whose filter matches no subject, stored under the key of 'no
    // category' for an hour; and role 'a' + category 'b:*' aimed at role 'a:b'.
    assertThat(read(ksp, org, "roleId=r&category=%2A").status()).isEqualTo(400);
    assertThat(read(ksp, org, "roleId=a&category=b%3A%2A").status()).isEqualTo(400);
    HttpResult agentRead =
        ksp.get(
            "/api/v1/orgs/" + org + "/knowing-state?roleId=r&category=%2A",
            ksp.token(Ksp.AGENT, org));
    assertThat(agentRead.status()).isEqualTo(400);

    HttpResult victim = retrieve(ksp, org, open(ksp, org, "r"), null);
    assertThat(victim.status()).isEqualTo(200);
    assertThat(victim.json().getBoolean("cacheHit"))
        .as("nothing was cached by the attack")
        .isFalse();
    assertThat(scores(victim.json())).containsExactly(0.9);
    assertThat(scores(read(ksp, org, "roleId=r").json())).containsExactly(0.9);
  }
}
