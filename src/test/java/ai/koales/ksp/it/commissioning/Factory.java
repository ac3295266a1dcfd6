package ai.koales.ksp.it.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * A client for the commissioning and mediation API in system tests: the org's policy bead and
 * elucidation, signals, sessions, approvals, work-graph atoms and commissions, and the graph reads
 * that show what they wrote.
 */
final class Factory {

  static final String POLICY =
      "{\"scope\":\"org\",\"rules\":{\"max_spend\":100},\"autonomy\":\"EXECUTE_BOUNDED\","
          + "\"effective_at\":\"2026-06-10T00:00:00Z\"}";

  final Ksp ksp;
  final String org;
  final String operator;
  final String viewer;

  Factory(Ksp ksp, String org) {
    this.ksp = ksp;
    this.org = org;
    this.operator = ksp.token(Ksp.OPERATOR, org);
    this.viewer = ksp.token(Ksp.VIEWER, org);
  }

  static Factory forNewOrg(Ksp ksp, String prefix) {
    return new Factory(ksp, Ksp.newOrg(prefix));
  }

  String api() {
    return "/api/v1/orgs/" + org;
  }

  String graph() {
    return api() + "/graphs/main";
  }

  String policy() {
    HttpResult r =
        ksp.post(api() + "/beads", operator, "{\"type\":\"policy\",\"content\":" + POLICY + "}");
    assertThat(r.status()).as(r.toString()).isIn(200, 201);
    return r.json().getString("beadId");
  }

  /** An ElucidationArtifact node whose acceptance criteria become the atoms. */
  void elucidation(String id, String title, List<String> criteria) {
    JsonArrayBuilder c = Json.createArrayBuilder();
    criteria.forEach(c::add);
    HttpResult r =
        ksp.post(
            graph() + "/nodes",
            operator,
            Json.createObjectBuilder()
                .add("id", id)
                .add("nodeType", "ElucidationArtifact")
                .add("title", title)
                .add("problem", "Problem of " + title)
                .add("goal", "Goal of " + title)
                .add("acceptanceCriteria", c)
                .build()
                .toString());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  HttpResult signal(String dispositionEventId, String elucidationId, boolean approval) {
    return signal(dispositionEventId, elucidationId, approval, "repo-1");
  }

  /** A signal for repository {@code repoId} (the session's assembly). */
  HttpResult signal(
      String dispositionEventId, String elucidationId, boolean approval, String repoId) {
    return ksp.post(
        api() + "/commissioning/signals",
        operator,
        Json.createObjectBuilder()
            .add("repoId", repoId)
            .add("dispositionEventId", dispositionEventId)
            .add("elucidationArtifactId", elucidationId)
            .add("issuedAt", "2026-11-24T10:00:00Z")
            .add("requireHumanApproval", approval)
            .build()
            .toString());
  }

  JsonObject session(String sessionId) {
    HttpResult r = ksp.get(api() + "/commissioning/sessions/" + sessionId, viewer);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** Waits until the session's status is one of {@code statuses}, and returns it. */
  JsonObject awaitStatus(String sessionId, String... statuses) {
    List<String> wanted = List.of(statuses);
    return Await.value(
        "session " + sessionId + " in " + wanted,
        Duration.ofSeconds(60),
        () -> {
          JsonObject s = session(sessionId);
          return wanted.contains(s.getString("status")) ? s : null;
        });
  }

  HttpResult approval(String sessionId, String decision) {
    return ksp.post(
        api() + "/commissioning/sessions/" + sessionId + "/approval",
        operator,
        "{\"decision\":\"" + decision + "\",\"reason\":\"checked by a test\"}");
  }

  /** The nodes of graph main of a type. */
  JsonArray nodes(String type) {
    HttpResult r = ksp.get(graph() + "/nodes?type=" + type + "&limit=500", viewer);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.items();
  }

  /** The edges of graph main of a relation. */
  JsonArray edges(String rel) {
    HttpResult r = ksp.get(graph() + "/edges?rel=" + rel + "&limit=500", viewer);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.items();
  }

  /** Whether graph main has the edge source -rel-> target. */
  boolean hasEdge(String source, String rel, String target) {
    return edges(rel).stream()
        .map(JsonObject.class::cast)
        .anyMatch(
            e -> e.getString("source").equals(source) && e.getString("target").equals(target));
  }

  JsonObject node(String id) {
    HttpResult r = ksp.get(graph() + "/nodes/" + id, viewer);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  HttpResult atoms(String json) {
    return ksp.post(api() + "/mediation/workgraph-atoms", operator, json);
  }

  HttpResult commission(String json) {
    return ksp.post(api() + "/mediation/commissions", operator, json);
  }

  HttpResult mediationRun(String runId) {
    return ksp.get(api() + "/mediation/runs/" + runId, viewer);
  }

  JsonObject run(String runId) {
    HttpResult r = ksp.get(api() + "/runs/" + runId, viewer);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  JsonObject awaitRun(String runId, Predicate<JsonObject> done) {
    return Await.value(
        "run " + runId,
        Duration.ofSeconds(60),
        () -> {
          JsonObject r = run(runId);
          return done.test(r) ? r : null;
        });
  }

  /**
   * The kinds of the session's {@code sessionEvents}, once every kind of {@code expected} is there
   * (events reach the stream after their commit).
   */
  List<String> kinds(String sessionId, String... expected) {
    return Await.value(
        "events of " + sessionId + " with " + List.of(expected),
        Duration.ofSeconds(20),
        () -> {
          HttpResult r =
              ksp.get(
                  "/api/v1/streams/" + sessionId + "/replay?streams=sessionEvents&limit=1000",
                  viewer);
          return r.status() == 200
              ? r.json().getJsonArray("rows").getValuesAs(JsonObject.class).stream()
                  .map(e -> e.getString("kind"))
                  .toList()
              : List.<String>of();
        },
        kinds -> kinds.containsAll(List.of(expected)));
  }

  /** Q1: RUN- + lowercase hex SHA-256 of orgId:workGraphId:dispositionEventId. */
  String runId(String workGraphId, String dispositionEventId) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (org + ":" + workGraphId + ":" + dispositionEventId)
                      .getBytes(StandardCharsets.UTF_8));
      return "RUN-" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
