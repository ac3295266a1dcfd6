package ai.koales.ksp.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Connect;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the gateway tests share: an org with an operator, sessions, elucidations, DB checks. */
final class Gateway {

  final Ksp ksp;
  final Connect connect;
  final String org;
  final String operator;
  final String viewer;

  Gateway(Ksp ksp, String prefix) {
    this.ksp = ksp;
    this.connect = new Connect(ksp);
    this.org = Ksp.newOrg(prefix);
    this.operator = ksp.token(Ksp.OPERATOR, org);
    this.viewer = ksp.token(Ksp.VIEWER, org);
  }

  static String newSessionId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
  }

  /** An ElucidationArtifact node in the org's graph main, so that commissioning can run. */
  String elucidation(String id) {
    HttpResult r =
        ksp.post(
            "/api/v1/orgs/" + org + "/graphs/main/nodes",
            ksp.token(Ksp.OPERATOR, org),
            Json.createObjectBuilder()
                .add("id", id)
                .add("nodeType", "ElucidationArtifact")
                .add("title", "Gateway test")
                .add("problem", "Nothing is shipped.")
                .add("goal", "Shipped")
                .add("acceptanceCriteria", Json.createArrayBuilder().add("it builds"))
                .build()
                .toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return id;
  }

  /** A signed submission of session {@code sessionId} in this org. */
  JsonObject submission(String sessionId, String elucidationId, String purposeId) {
    Map<String, Object> durable = new LinkedHashMap<>();
    if (elucidationId != null) {
      durable.put("elucidation_artifact_id", elucidationId);
    }
    durable.put("repo_id", "repo-" + sessionId);
    return Connect.submit(
        Connect.outbound(sessionId, org, "WO-" + sessionId, durable).build(), "agent", purposeId);
  }

  /** Nothing of the session exists: no commissioning session, read model, stream or log. */
  void assertNoSession(String sessionId) {
    for (String table :
        List.of("ca_session", "session_state", "buffer_meta", "session_event_log")) {
      assertThat(
              ksp.db().count("SELECT COUNT(*) FROM " + table + " WHERE session_id = ?", sessionId))
          .as("rows of %s in %s", sessionId, table)
          .isZero();
    }
  }

  /** The commissioning session's status, as the REST API shows it. */
  String status(String sessionId) {
    HttpResult r = ksp.get("/api/v1/orgs/" + org + "/commissioning/sessions/" + sessionId, viewer);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getString("status");
  }
}
