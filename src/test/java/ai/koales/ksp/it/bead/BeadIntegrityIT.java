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
 * The tamper-evident audit (INV-BG-002 checked, and the write path's other promises): a row or edge
 * changed directly in the database is named by the integrity endpoint, with the kind of mismatch.
 * Each test tampers one thing and expects exactly the findings that tamper explains.
 */
@SystemTest
class BeadIntegrityIT {

  /** One finding as the endpoint reports it. */
  record Finding(String beadId, String kind, String reason) {}

  static JsonObject integrity(Ksp ksp, String org) {
    HttpResult r =
        ksp.get(
            "/api/v1/orgs/" + org + "/integrity",
            ksp.tokens().mint("auditor", List.of(Ksp.ADMIN), List.of("*")));
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  static List<Finding> findings(Ksp ksp, String org) {
    return integrity(ksp, org).getJsonArray("mismatches").stream()
        .map(JsonObject.class::cast)
        .map(m -> new Finding(m.getString("beadId"), m.getString("kind"), m.getString("reason")))
        .toList();
  }

  static String audit(Ksp ksp, String org, String beadId) {
    return (String)
        ksp.db()
            .query(
                "SELECT child_id FROM bead_edge WHERE org_id = ? AND parent_id = ? AND rel = 'audits'",
                org,
                beadId)
            .get(0)
            .get("child_id");
  }

  @Test
  void anUntouchedOrgVerifiesCleanly(Ksp ksp) {
    String org = Ksp.newOrg("clean");
    String t1 = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.6));
    HttpResult t2 =
        Beads.write(
            ksp, org, "trust", trust("vendor-1", "APPROVED", 0.9), "\"supersedes\":\"" + t1 + "\"");
    assertThat(t2.status()).isEqualTo(201);
    created(ksp, org, "policy", policy("org", "EXECUTE_FULL"));
    String granted =
        created(ksp, org, "consent", Beads.consent("role-1", "ACTIVE", "[\"purchase\"]"));
    created(
        ksp,
        org,
        "consent",
        """
        {"role_id":"role-1","grants":[],"status":"REVOKED","granted_by":"op","granted_at":"2026-06-11T00:00:00Z","revokes":"%s"}"""
            .formatted(granted));
    String pending =
        created(
            ksp, org, "amendment", BeadWriteIT.amendment(t2.json().getString("beadId"), "PENDING"));
    assertThat(
            Beads.write(
                    ksp,
                    org,
                    "amendment",
                    BeadWriteIT.amendment(t2.json().getString("beadId"), "APPROVED"),
                    "\"supersedes\":\"" + pending + "\"")
                .status())
        .isEqualTo(201);
    // Beads written through a session: an execution, and an outcome that proposes an amendment.
    String s = KnowingStateSessionIT.open(ksp, org, "role-1");
    KnowingStateSessionIT.retrieve(ksp, org, s, null);
    String execution =
        ksp.post(
                "/api/v1/orgs/" + org + "/sessions/" + s + "/executions",
                ksp.token(Ksp.AGENT, org),
                "{\"content\":" + Beads.execution("SUGGEST", t2.json().getString("beadId")) + "}")
            .json()
            .getString("beadId");
    HttpResult outcome =
        ksp.post(
            "/api/v1/orgs/" + org + "/sessions/" + s + "/outcomes",
            ksp.token(Ksp.AGENT, org),
            """
            {"executionBeadId":"%s","content":{"status":"FAILURE","summary":"x","triggers_amendment":true}}"""
                .formatted(execution));
    assertThat(outcome.json().isNull("amendmentBeadId")).isFalse();

    JsonObject report = integrity(ksp, org);
    assertThat(report.getJsonArray("mismatches")).isEmpty();
    assertThat(report.getJsonNumber("checked").longValue()).isEqualTo(20);
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

    List<Finding> findings = findings(ksp, org);
    assertThat(findings).extracting(Finding::beadId).containsOnly(victim).doesNotContain(honest);
    assertThat(findings).extracting(Finding::kind).containsExactly("id", "column");
    assertThat(findings.get(0).reason()).contains("hash");
    assertThat(findings.get(1).reason()).contains("trust_score is 0.2 but the content says 0.99");
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
    assertThat(findings(ksp, org))
        .containsExactly(
            new Finding(
                t2, "parent-edges", "parent edges [] differ from the hashed parents [" + t1 + "]"));

    ksp.db().update("UPDATE bead SET parent_ids = '' WHERE org_id = ? AND bead_id = ?", org, t2);
    List<Finding> findings = findings(ksp, org);
    assertThat(findings).extracting(Finding::beadId).containsOnly(t2);
    assertThat(findings).extracting(Finding::kind).containsExactly("id", "supersedes");
    assertThat(findings.get(0).reason()).contains("hash");
    assertThat(findings.get(1).reason()).contains("must name the superseded bead as a parent");
  }

  @Test
  void aQueryColumnThatNoLongerMatchesTheContentIsNamed(Ksp ksp) {
    String org = Ksp.newOrg("column");
    String pending = created(ksp, org, "trust", trust("vendor-1", "PENDING", 0.9));
    String other = created(ksp, org, "trust", trust("vendor-2", "APPROVED", 0.5));
    // A PENDING subject made to look APPROVED to every query that reads the status column.
    ksp.db()
        .update(
            "UPDATE bead SET status = 'APPROVED' WHERE org_id = ? AND bead_id = ?", org, pending);
    ksp.db()
        .update(
            "UPDATE bead SET subject_type = 'agent', trust_score = 0.95 WHERE org_id = ? AND bead_id = ?",
            org,
            other);
    List<Finding> findings = findings(ksp, org);
    assertThat(findings)
        .containsExactlyInAnyOrder(
            new Finding(pending, "column", "status is 'APPROVED' but the content says 'PENDING'"),
            new Finding(
                other,
                "column",
                "subject_type is 'agent' but the content says 'vendor'; trust_score is 0.95 but the content says 0.5"));
  }

  @Test
  void aBeadWithoutItsAuditIsNamed_INV_BG_007(Ksp ksp) {
    String org = Ksp.newOrg("noaudit");
    String bead = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.6));
    String audit = audit(ksp, org, bead);
    ksp.db()
        .update(
            "DELETE FROM bead_edge WHERE org_id = ? AND child_id = ? AND rel = 'audits'",
            org,
            audit);
    assertThat(findings(ksp, org))
        .containsExactlyInAnyOrder(
            new Finding(bead, "missing-audit", "no audit bead audits it (INV-BG-007)"),
            new Finding(audit, "missing-audit", "audit bead has no audits edge to " + bead));

    ksp.db().update("DELETE FROM bead WHERE org_id = ? AND bead_id = ?", org, audit);
    assertThat(findings(ksp, org))
        .containsExactly(
            new Finding(bead, "missing-audit", "no audit bead audits it (INV-BG-007)"));
  }

  @Test
  void anEnvelopeThatDisagreesWithItsAuditIsNamed(Ksp ksp) {
    String org = Ksp.newOrg("envelope");
    String bead = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.6));
    String audit = audit(ksp, org, bead);
    // written_by and ts are not hashed, but the audit bead (which is) recorded them.
    ksp.db()
        .update(
            "UPDATE bead SET written_by = 'mallory', ts = 1 WHERE org_id = ? AND bead_id = ?",
            org,
            bead);
    List<Finding> findings = findings(ksp, org);
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).beadId()).isEqualTo(bead);
    assertThat(findings.get(0).kind()).isEqualTo("audit-mismatch");
    assertThat(findings.get(0).reason())
        .contains("written_by 'mallory' and ts 1 differ from its audit " + audit)
        .contains("actor_id 'ksp-operator-it'");

    ksp.db()
        .update(
            "UPDATE bead SET written_by = 'mallory' WHERE org_id = ? AND bead_id = ?", org, audit);
    assertThat(findings(ksp, org))
        .filteredOn(f -> f.beadId().equals(audit))
        .extracting(Finding::kind)
        .containsExactly("audit-mismatch");
  }

  @Test
  void aSupersedesEdgeTheWritePathWouldHaveRefusedIsNamed(Ksp ksp) {
    String org = Ksp.newOrg("supedge");
    String v1 = created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.6));
    String v2 = created(ksp, org, "trust", trust("vendor-2", "APPROVED", 0.9));
    // Someone makes vendor-2's bead "replace" vendor-1's, so vendor-1 loses its trust head.
    ksp.db()
        .update(
            "INSERT INTO bead_edge (org_id, child_id, parent_id, rel) VALUES (?, ?, ?, 'supersedes')",
            org,
            v2,
            v1);
    List<Finding> findings = findings(ksp, org);
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).beadId()).isEqualTo(v2);
    assertThat(findings.get(0).kind()).isEqualTo("supersedes");
    assertThat(findings.get(0).reason())
        .contains("supersedes " + v1)
        .contains("must keep subject_id 'vendor-1'");
  }

  @Test
  void aBeadSupersededTwiceIsNamed(Ksp ksp) {
    String org = Ksp.newOrg("twoheads");
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
    String t3 = created(ksp, org, "trust", trust("vendor-1", "SUSPENDED", 0.1));
    ksp.db()
        .update(
            "INSERT INTO bead_edge (org_id, child_id, parent_id, rel) VALUES (?, ?, ?, 'supersedes')",
            org,
            t3,
            t1);
    List<Finding> findings = findings(ksp, org);
    assertThat(findings)
        .contains(
            new Finding(
                t1,
                "supersedes",
                "superseded by 2 beads "
                    + new java.util.TreeSet<>(List.of(t2, t3))
                    + "; a bead has at most one successor"));
    assertThat(findings)
        .filteredOn(f -> f.beadId().equals(t3))
        .extracting(Finding::reason)
        .containsExactly(
            "supersedes " + t1 + ": a superseding bead must name the superseded bead as a parent");
  }

  @Test
  void aRevocationOfAConsentThatIsGoneIsNamed(Ksp ksp) {
    String org = Ksp.newOrg("revgone");
    String granted =
        created(ksp, org, "consent", Beads.consent("role-1", "ACTIVE", "[\"purchase\"]"));
    String revoking =
        created(
            ksp,
            org,
            "consent",
            """
            {"role_id":"role-1","grants":[],"status":"REVOKED","granted_by":"op","granted_at":"2026-06-11T00:00:00Z","revokes":"%s"}"""
                .formatted(granted));
    String grantAudit = audit(ksp, org, granted);
    ksp.db().update("DELETE FROM bead_edge WHERE org_id = ? AND child_id = ?", org, grantAudit);
    ksp.db().update("DELETE FROM bead WHERE org_id = ? AND bead_id = ?", org, grantAudit);
    ksp.db().update("DELETE FROM bead WHERE org_id = ? AND bead_id = ?", org, granted);
    assertThat(findings(ksp, org))
        .containsExactly(
            new Finding(
                revoking,
                "revokes",
                "revokes names " + granted + ", which is not a bead of this org"));
  }
}
