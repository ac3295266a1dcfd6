package ai.koales.ksp.it.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The coordination API in the OpenAPI document (api.md "Coordination"), and its role rules. */
@SystemTest
class CoordinationApiIT {

  @Test
  void everyCoordinationPathIsInTheOpenApiDocumentWithItsProblemCodes(Ksp ksp) {
    HttpResult doc = ksp.send(ksp.request("/openapi?format=json", null).GET());
    assertThat(doc.status()).isEqualTo(200);
    JsonObject paths = doc.json().getJsonObject("paths");
    assertThat(paths.keySet())
        .contains(
            "/api/v1/orgs/{org}/runs",
            "/api/v1/orgs/{org}/runs/{runId}",
            "/api/v1/orgs/{org}/runs/{runId}/molecules/{moleculeId}/beads",
            "/api/v1/orgs/{org}/runs/{runId}/beads",
            "/api/v1/orgs/{org}/runs/{runId}/audit",
            "/api/v1/orgs/{org}/runs/{runId}/beads/{beadId}/claims",
            "/api/v1/orgs/{org}/claims",
            "/api/v1/orgs/{org}/runs/{runId}/beads/{beadId}/heartbeat",
            "/api/v1/orgs/{org}/runs/{runId}/beads/{beadId}/release",
            "/api/v1/orgs/{org}/runs/{runId}/beads/{beadId}/fail",
            "/api/v1/orgs/{org}/runs/{runId}/beads/{beadId}/consent",
            "/api/v1/orgs/{org}/gears/{gearId}",
            "/api/v1/orgs/{org}/formulas/{formulaId}");
    JsonObject claim =
        paths
            .getJsonObject("/api/v1/orgs/{org}/runs/{runId}/beads/{beadId}/claims")
            .getJsonObject("post")
            .getJsonObject("responses");
    assertThat(claim.keySet()).contains("201", "404", "409", "400", "401", "403");
    assertThat(claim.getJsonObject("409").getString("description"))
        .contains("already-claimed", "not-ready", "terminal");
    assertThat(
            paths
                .getJsonObject("/api/v1/orgs/{org}/claims")
                .getJsonObject("post")
                .getJsonObject("responses")
                .keySet())
        .contains("201", "204");
  }

  @Test
  void agentHooksNeedTheAgentRoleAndReadsAnyRole(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "roles");
    String run = "RUN-" + a.org;
    a.create(run, java.util.List.of(Atoms.seed(run, "A1")));
    assertThat(ksp.post(a.bead(run, "A1") + "/claims", a.viewer, "{\"agentId\":\"x\"}").status())
        .isEqualTo(403);
    assertThat(
            ksp.post("/api/v1/orgs/" + a.org + "/claims", a.operator, "{\"agentId\":\"x\"}")
                .status())
        .isEqualTo(403);
    assertThat(ksp.get(a.runs() + "/" + run, a.agent).status()).isEqualTo(200);
    assertThat(ksp.get(a.runs() + "/" + run + "/audit", a.operator).status()).isEqualTo(200);
    assertThat(ksp.get(a.runs() + "/" + run, ksp.token(Ksp.VIEWER, "another-org")).status())
        .isEqualTo(403);
    assertThat(ksp.get(a.runs() + "/" + run, null).status()).isEqualTo(401);
    String admin = ksp.token(Ksp.ADMIN, "nowhere");
    assertThat(ksp.post(a.bead(run, "A1") + "/claims", admin, "{\"agentId\":\"admin\"}").status())
        .isEqualTo(201);
  }
}
