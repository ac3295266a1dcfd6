package ai.koales.ksp.it.bead;

import static ai.koales.ksp.it.bead.Beads.created;
import static ai.koales.ksp.it.bead.Beads.policy;
import static ai.koales.ksp.it.bead.Beads.trust;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tamper-evident audit (INV-BG-002 checked): a row changed directly in the database is named by
 * the integrity endpoint.
 */
@SystemTest
class BeadIntegrityIT {

  static JsonObject integrity(Ksp ksp, String org) {
    HttpResult r =
        ksp.get(
            "/api/v1/orgs/" + org + "/integrity",
            ksp.tokens().mint("auditor", List.of(Ksp.ADMIN), List.of("*")));
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  @Test
  void anUntouchedOrgVerifiesCleanly(Ksp ksp) {
    String org = Ksp.newOrg("clean");
    String t1 = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.6));
    Beads.write(
        ksp, org, "trust", trust("vendor-1", "APPROVED", 0.9), "\"supersedes\":\"" + t1 + "\"");
    created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    JsonObject report = integrity(ksp, org);
    assertThat(report.getJsonNumber("checked").longValue()).isEqualTo(6);
    assertThat(report.getJsonArray("mismatches")).isEmpty();
  }

  @Test
  void aTamperedContentIsNamed(Ksp ksp) {
    String org = Ksp.newOrg("tamper");
    String honest = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.2));
    String victim = created(ksp, org, "trust", trust("vendor-2", "APPROVED", 0.2));
    // Someone with database access raises a trust score behind the server's back.
    int changed =
        ksp.db()
            .update(
                "UPDATE bead SET content = REPLACE(content, '\"trust_score\":0.2', '\"trust_score\":0.99') WHERE org_id = ? AND bead_id = ?",
                org,
                victim);
    assertThat(changed).isEqualTo(1);

    JsonObject report = integrity(ksp, org);
    assertThat(report.getJsonArray("mismatches")).hasSize(1);
    JsonObject mismatch = report.getJsonArray("mismatches").getJsonObject(0);
    assertThat(mismatch.getString("beadId")).isEqualTo(victim).isNotEqualTo(honest);
    assertThat(mismatch.getString("reason")).contains("hash");
  }

  @Test
  void aRemovedParentEdgeAndARewrittenParentListAreNamed(Ksp ksp) {
    String org = Ksp.newOrg("edges");
    String t1 = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.6));
    String t2 =
        Beads.write(
                ksp,
                org,
                "trust",
                trust("vendor-1", "APPROVED", 0.9),
                "\"supersedes\":\"" + t1 + "\"")
            .json()
            .getString("beadId");
    ksp.db()
        .update(
            "DELETE FROM bead_edge WHERE org_id = ? AND child_id = ? AND rel = 'parent'", org, t2);
    JsonObject report = integrity(ksp, org);
    assertThat(report.getJsonArray("mismatches")).hasSize(1);
    assertThat(report.getJsonArray("mismatches").getJsonObject(0).getString("beadId"))
        .isEqualTo(t2);
    assertThat(report.getJsonArray("mismatches").getJsonObject(0).getString("reason"))
        .contains("parent edges");

    ksp.db().update("UPDATE bead SET parent_ids = '' WHERE org_id = ? AND bead_id = ?", org, t2);
    assertThat(integrity(ksp, org).getJsonArray("mismatches").getJsonObject(0).getString("reason"))
        .contains("hash");
  }
}
