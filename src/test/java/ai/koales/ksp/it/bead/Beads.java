package ai.koales.ksp.it.bead;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;

/** JSON bodies of the spec's beads, and one-line writes, for the bead system tests. */
final class Beads {

  private Beads() {}

  static String trust(String subject, String status, double score) {
    return trust(subject, "vendor", status, score);
  }

  static String trust(String subject, String type, String status, double score) {
    return """
        {"subject_id":"%s","subject_type":"%s","status":"%s","trust_score":%s,"rationale":"test","evidence_refs":[]}"""
        .formatted(subject, type, status, score);
  }

  static String policy(String scope, String autonomy) {
    return """
        {"scope":"%s","rules":{"max_spend":100},"autonomy":"%s","effective_at":"2026-06-10T00:00:00Z"}"""
        .formatted(scope, autonomy);
  }

  static String consent(String role, String status, String grantsJson) {
    return """
        {"role_id":"%s","grants":%s,"status":"%s","granted_by":"op","granted_at":"2026-06-10T00:00:00Z"}"""
        .formatted(role, grantsJson, status);
  }

  static String execution(String level, String trustBeadId) {
    return """
        {"subject_id":"vendor-1","action":"purchase","autonomy_level":"%s","trust_bead_id":"%s","policy_bead_id":"","rationale":"r"}"""
        .formatted(level, trustBeadId);
  }

  static HttpResult write(Ksp ksp, String org, String type, String content) {
    return ksp.post(
        "/api/v1/orgs/" + org + "/beads",
        ksp.token(Ksp.OPERATOR, org),
        """
        {"type":"%s","content":%s}"""
            .formatted(type, content));
  }

  static HttpResult write(Ksp ksp, String org, String type, String content, String extraMembers) {
    return ksp.post(
        "/api/v1/orgs/" + org + "/beads",
        ksp.token(Ksp.OPERATOR, org),
        """
        {"type":"%s","content":%s,%s}"""
            .formatted(type, content, extraMembers));
  }

  /** Writes and returns the bead id, failing unless the write created it. */
  static String created(Ksp ksp, String org, String type, String content) {
    HttpResult r = write(ksp, org, type, content);
    if (r.status() != 201) {
      throw new AssertionError("expected 201, got " + r);
    }
    return r.json().getString("beadId");
  }

  static long rows(Ksp ksp, String org) {
    return ksp.db().count("SELECT COUNT(*) FROM bead WHERE org_id = ?", org);
  }

  static long edges(Ksp ksp, String org) {
    return ksp.db().count("SELECT COUNT(*) FROM bead_edge WHERE org_id = ?", org);
  }
}
