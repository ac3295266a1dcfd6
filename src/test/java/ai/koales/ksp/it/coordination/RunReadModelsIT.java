package ai.koales.ksp.it.coordination;

import static ai.koales.ksp.it.coordination.Atoms.seed;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.GraphQl;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run's atoms close the loop: each attempt's outcome goes through loop closure BP3, a failed atom
 * becomes a divergence, an amendment proposed from it belongs to the run, and GraphQL {@code
 * beads(runId)} and {@code amendments(runId)} (edges.md §1.7) show all of it as it stands.
 */
@SystemTest
class RunReadModelsIT {

  static final String QUERY =
      "query($run: ID!) { beads(runId: $run) { id status assignedTo attemptCount"
          + " consentBeads { id beadId roleId grants status grantedBy } }"
          + " amendments(runId: $run) { id beadId status triggeredBy targetBeadId reviewedBy"
          + " artifactGraphAmendmentId } }";

  static String record(Ksp ksp, Atoms a, String type, String content) {
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + a.org + "/beads",
            a.operator,
            "{\"type\":\"" + type + "\",\"content\":" + content + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("beadId");
  }

  static JsonObject read(Ksp ksp, Atoms a, String run) {
    HttpResult r =
        new GraphQl(ksp)
            .query(
                a.viewer, QUERY, jakarta.json.Json.createObjectBuilder().add("run", run).build());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().containsKey("errors")).as(r.toString()).isFalse();
    return r.json().getJsonObject("data");
  }

  @Test
  void aFailedAtomLeadsToAnAmendmentOfItsRunAndGraphQlShowsBeadsConsentAndAmendments(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "readmodels");
    record(
        ksp,
        a,
        "policy",
        """
        {"scope":"org","rules":{},"autonomy":"EXECUTE_BOUNDED","effective_at":"2026-06-10T00:00:00Z"}""");
    String trust =
        record(
            ksp,
            a,
            "trust",
            """
            {"subject_id":"vendor-1","subject_type":"vendor","status":"APPROVED","trust_score":0.8,"rationale":"t","evidence_refs":[]}""");
    String consent =
        record(
            ksp,
            a,
            "consent",
            """
            {"role_id":"coder","grants":["read_file"],"status":"ACTIVE","granted_by":"ops","granted_at":"2026-06-10T00:00:00Z"}""");
    HttpResult spec =
        ksp.post(
            "/api/v1/orgs/" + a.org + "/graphs/main/nodes",
            a.operator,
            """
            {"id":"spec-001","nodeType":"Specification","version":"v1","title":"Build"}""");
    assertThat(spec.status()).as(spec.toString()).isEqualTo(201);

    String run = "RUN-" + a.org;
    a.create(run, List.of(seed(run, "A1"), seed(run, "A2", "A1")));
    a.complete(run, "A1", "exec-1");
    JsonObject claim = a.claim(run, "A2", "exec-2").json();
    assertThat(a.fail(run, "A2", claim.getString("leaseToken"), "boom").status()).isEqualTo(200);
    a.eventKinds(run, "sessionEvents", "EXECUTION_COMPLETE", "DIVERGENCE_DETECTED");

    // A2's outcome: FAILURE, against the execution bead its claim recorded, bridged to a
    // divergence.
    JsonObject outcome =
        ksp.get("/api/v1/orgs/" + a.org + "/beads?type=outcome&status=FAILURE", a.viewer)
            .items()
            .getJsonObject(0);
    JsonObject content = outcome.getJsonObject("content");
    assertThat(content.getString("execution_bead_id"))
        .isEqualTo(claim.getString("executionBeadId"));
    String divergence = content.getString("artifact_graph_divergence_id");
    assertThat(divergence).isNotBlank();

    JsonObject before = read(ksp, a, run);
    assertThat(before.getJsonArray("amendments")).isEmpty();
    JsonArray beads = before.getJsonArray("beads");
    assertThat(beads.getValuesAs(JsonObject.class))
        .extracting(b -> b.getString("id") + " " + b.getString("status"))
        .containsExactly("A1 done", "A2 failed");
    for (JsonObject b : beads.getValuesAs(JsonObject.class)) {
      JsonArray consents = b.getJsonArray("consentBeads");
      assertThat(consents).hasSize(1);
      JsonObject c = consents.getJsonObject(0);
      assertThat(c.getString("id")).isEqualTo(consent);
      assertThat(c.getString("beadId")).isEqualTo(b.getString("id"));
      assertThat(c.getString("roleId")).isEqualTo("coder");
      assertThat(c.getJsonArray("grants").getString(0)).isEqualTo("read_file");
      assertThat(c.getString("status")).isEqualTo("ACTIVE");
      assertThat(c.getString("grantedBy")).isEqualTo("ops");
    }

    // BP4 from the run's divergence: the amendment is the run's, PENDING.
    HttpResult proposed =
        ksp.post(
            "/api/v1/orgs/" + a.org + "/loop/amendments",
            a.agent,
            "{\"divergenceId\":\"%s\",\"outcomeBeadId\":\"%s\"}"
                .formatted(divergence, outcome.getString("beadId")));
    assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
    String pending = proposed.json().getString("amendmentBeadId");
    String amendmentNode = proposed.json().getString("amendmentNodeId");
    JsonObject amendment = read(ksp, a, run).getJsonArray("amendments").getJsonObject(0);
    assertThat(amendment.getString("id")).isEqualTo(pending);
    assertThat(amendment.getString("beadId")).isEqualTo(pending);
    assertThat(amendment.getString("status")).isEqualTo("PENDING");
    assertThat(amendment.getString("triggeredBy")).isEqualTo(outcome.getString("beadId"));
    assertThat(amendment.getString("targetBeadId")).isEqualTo(trust);
    assertThat(amendment.getString("artifactGraphAmendmentId")).isEqualTo(amendmentNode);
    assertThat(amendment.isNull("reviewedBy")).isTrue();

    // BP5: the same amendment, now held by its APPROVED bead.
    HttpResult adopted =
        ksp.post(
            "/api/v1/orgs/" + a.org + "/loop/amendments/" + amendmentNode + "/adoption",
            a.operator,
            "{\"amendmentBeadId\":\"" + pending + "\"}");
    assertThat(adopted.status()).as(adopted.toString()).isEqualTo(200);
    JsonArray after = read(ksp, a, run).getJsonArray("amendments");
    assertThat(after).hasSize(1);
    assertThat(after.getJsonObject(0).getString("id")).isEqualTo(pending);
    assertThat(after.getJsonObject(0).getString("beadId"))
        .isEqualTo(adopted.json().getString("approvedBeadId"));
    assertThat(after.getJsonObject(0).getString("status")).isEqualTo("APPROVED");
    assertThat(after.getJsonObject(0).getString("reviewedBy")).isNotBlank();

    // Another org's reader learns nothing of the run.
    HttpResult outsider =
        new GraphQl(ksp)
            .query(
                ksp.token(Ksp.VIEWER, Ksp.newOrg("outsider")),
                QUERY,
                jakarta.json.Json.createObjectBuilder().add("run", run).build());
    assertThat(outsider.json().containsKey("errors")).as(outsider.toString()).isTrue();
  }
}
