package ai.koales.ksp.it.coordination;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;

/**
 * A client for the coordination API, for system tests: runs, seeds, directives and the agent hooks,
 * each returning the raw {@link HttpResult} so that tests assert statuses themselves.
 */
final class Atoms {

  final Ksp ksp;
  final String org;
  final String operator;
  final String agent;
  final String viewer;

  Atoms(Ksp ksp, String org) {
    this.ksp = ksp;
    this.org = org;
    this.operator = ksp.token(Ksp.OPERATOR, org);
    this.agent = ksp.token(Ksp.AGENT, org);
    this.viewer = ksp.token(Ksp.VIEWER, org);
  }

  static Atoms forNewOrg(Ksp ksp, String prefix) {
    return new Atoms(ksp, Ksp.newOrg(prefix));
  }

  String runs() {
    return "/api/v1/orgs/" + org + "/runs";
  }

  String bead(String runId, String beadId) {
    return runs() + "/" + runId + "/beads/" + beadId;
  }

  HttpResult init(String runId) {
    return init(runId, "external", false);
  }

  HttpResult init(String runId, String executor, boolean continueOnFailure) {
    return ksp.post(
        runs(),
        operator,
        Json.createObjectBuilder()
            .add("runId", runId)
            .add("executor", executor)
            .add("continueOnFailure", continueOnFailure)
            .build()
            .toString());
  }

  /** A bead of a seed request. */
  record Seed(String id, String gearId, JsonValue payload, List<String> dependsOn) {}

  static Seed seed(String runId, String id, String... deps) {
    return new Seed(id, "GEAR-default", v1(runId, id, "do " + id).build(), List.of(deps));
  }

  static Seed seed(JsonValue payload, String id, String... deps) {
    return new Seed(id, "GEAR-default", payload, List.of(deps));
  }

  HttpResult seed(String runId, String moleculeId, List<Seed> beads) {
    return seed(runId, moleculeId, beads, null);
  }

  /** A seed whose molecule follows formula {@code formulaId} (none when null). */
  HttpResult seed(String runId, String moleculeId, List<Seed> beads, String formulaId) {
    JsonArrayBuilder arr = Json.createArrayBuilder();
    for (Seed s : beads) {
      JsonArrayBuilder deps = Json.createArrayBuilder();
      s.dependsOn().forEach(deps::add);
      arr.add(
          Json.createObjectBuilder()
              .add("id", s.id())
              .add("gearId", s.gearId())
              .add("nodeId", "node-" + s.id())
              .add("payload", s.payload())
              .add("dependsOn", deps));
    }
    JsonObjectBuilder body = Json.createObjectBuilder().add("beads", arr);
    if (formulaId != null) {
      body.add("formulaId", formulaId);
    }
    return ksp.post(
        runs() + "/" + runId + "/molecules/" + moleculeId + "/beads",
        operator,
        body.build().toString());
  }

  /**
   * What a reader of the run's stream replays ({@code streams}: e.g. {@code sessionEvents}), once
   * at least {@code atLeast} rows are there (events reach the stream after their transaction
   * commits).
   */
  List<JsonObject> events(String runId, String streams, int atLeast) {
    return Await.value(
        atLeast + " " + streams + " of " + runId,
        Duration.ofSeconds(15),
        () -> replay(runId, streams),
        rows -> rows.size() >= atLeast);
  }

  /**
   * The kinds of the run's {@code streams} events, once every kind of {@code expected} is there (as
   * often as it is listed there).
   */
  List<String> eventKinds(String runId, String streams, String... expected) {
    return Await.value(
        streams + " of " + runId + " with " + List.of(expected),
        Duration.ofSeconds(15),
        () -> replay(runId, streams).stream().map(e -> e.getString("kind")).toList(),
        kinds -> {
          List<String> left = new java.util.ArrayList<>(kinds);
          for (String k : expected) {
            if (!left.remove(k)) {
              return false;
            }
          }
          return true;
        });
  }

  private List<JsonObject> replay(String runId, String streams) {
    HttpResult r = ksp.get("/api/v1/streams/" + runId + "/replay?streams=" + streams, viewer);
    return r.status() == 200
        ? r.json().getJsonArray("rows").getValuesAs(JsonObject.class)
        : List.<JsonObject>of();
  }

  /** init + seed; both must succeed. */
  void create(String runId, List<Seed> beads) {
    HttpResult i = init(runId);
    if (i.status() != 201) {
      throw new AssertionError("init: " + i);
    }
    HttpResult s = seed(runId, "WG-1", beads);
    if (s.status() != 200) {
      throw new AssertionError("seed: " + s);
    }
  }

  /** A complete v1 directive (coordination.md §1.5). */
  static JsonObjectBuilder v1(String runId, String atomId, String instruction) {
    return Json.createObjectBuilder()
        .add("directiveId", "DIR-" + atomId)
        .add("atomId", atomId)
        .add("atomRef", "atom-" + atomId + "@1")
        .add("instruction", instruction)
        .add("runId", runId)
        .add("repoId", "repo-1")
        .add("workGraphVersion", "v1")
        .add("skillRef", "code@1")
        .add("role", "coder")
        .add("timeoutMs", 60_000)
        .add(
            "retryPolicy",
            Json.createObjectBuilder()
                .add("maxAttempts", 1)
                .add("backoffMs", 0)
                .add("isolatedRetry", false))
        .add("successCondition", Json.createObjectBuilder().add("type", "always"))
        .add("permittedTools", Json.createArrayBuilder().add("read_file"))
        .add("sandboxConfig", Json.createObjectBuilder().add("persistFilesystem", false))
        .add("envVars", Json.createObjectBuilder());
  }

  /** A complete v2 directive (coordination.md §1.5); atom ids read WG-{id}-ATOM-{n}. */
  static JsonObjectBuilder v2(String runId, String atomId, String instructions, String... deps) {
    JsonArrayBuilder d = Json.createArrayBuilder();
    for (String x : deps) {
      d.add(x);
    }
    return Json.createObjectBuilder()
        .add("atomId", atomId)
        .add("workGraphId", "IS-1")
        .add("workGraphVersion", "v1")
        .add("runId", runId)
        .add("model", "test-model")
        .add("instructions", instructions)
        .add(
            "toolPolicy",
            Json.createObjectBuilder()
                .add("permittedTools", Json.createArrayBuilder().add("read_file")))
        .add(
            "toolSchemas",
            Json.createArrayBuilder()
                .add(
                    Json.createObjectBuilder()
                        .add("name", "read_file")
                        .add("description", "Reads a file")
                        .add("parametersSchema", Json.createObjectBuilder())))
        .add("specFiles", Json.createArrayBuilder())
        .add("invariantIds", Json.createArrayBuilder().add("INV-1"))
        .add("dependsOn", d)
        .add("eluciationArtifactId", "ELC-1")
        .add("d1ArtifactRef", "node-" + atomId)
        .add("policyBeadId", "BEAD-" + atomId)
        .add("role", "coder")
        .add("gearId", "GEAR-default");
  }

  HttpResult claim(String runId, String beadId, String agentId) {
    return ksp.post(
        bead(runId, beadId) + "/claims",
        agent,
        Json.createObjectBuilder().add("agentId", agentId).build().toString());
  }

  HttpResult claimNext(String agentId, String... roles) {
    JsonArrayBuilder r = Json.createArrayBuilder();
    for (String x : roles) {
      r.add(x);
    }
    return ksp.post(
        "/api/v1/orgs/" + org + "/claims",
        agent,
        Json.createObjectBuilder().add("agentId", agentId).add("roles", r).build().toString());
  }

  HttpResult heartbeat(String runId, String beadId, String lease) {
    return ksp.post(
        bead(runId, beadId) + "/heartbeat",
        agent,
        Json.createObjectBuilder().add("leaseToken", lease).build().toString());
  }

  HttpResult release(String runId, String beadId, String lease, String result) {
    return ksp.post(
        bead(runId, beadId) + "/release",
        agent,
        Json.createObjectBuilder()
            .add("leaseToken", lease)
            .add("result", result)
            .build()
            .toString());
  }

  HttpResult fail(String runId, String beadId, String lease, String error) {
    return ksp.post(
        bead(runId, beadId) + "/fail",
        agent,
        Json.createObjectBuilder().add("leaseToken", lease).add("error", error).build().toString());
  }

  HttpResult consent(String runId, String beadId, String lease, String tool, String callId) {
    return ksp.post(
        bead(runId, beadId) + "/consent",
        agent,
        Json.createObjectBuilder()
            .add("leaseToken", lease)
            .add("toolName", tool)
            .add("toolCallId", callId)
            .build()
            .toString());
  }

  /** Claims then releases, asserting both succeed; returns the claim. */
  JsonObject complete(String runId, String beadId, String agentId) {
    HttpResult c = claim(runId, beadId, agentId);
    if (c.status() != 201) {
      throw new AssertionError("claim " + beadId + ": " + c);
    }
    JsonObject claim = c.json();
    HttpResult r = release(runId, beadId, claim.getString("leaseToken"), "ok " + beadId);
    if (r.status() != 200) {
      throw new AssertionError("release " + beadId + ": " + r);
    }
    return claim;
  }

  JsonObject run(String runId) {
    HttpResult r = ksp.get(runs() + "/" + runId, viewer);
    if (r.status() != 200) {
      throw new AssertionError("run: " + r);
    }
    return r.json();
  }

  JsonObject beadView(String runId, String beadId) {
    HttpResult r = ksp.get(bead(runId, beadId), viewer);
    if (r.status() != 200) {
      throw new AssertionError("bead: " + r);
    }
    return r.json();
  }

  String status(String runId, String beadId) {
    return beadView(runId, beadId).getString("status");
  }

  List<JsonObject> audit(String runId) {
    HttpResult r = ksp.get(runs() + "/" + runId + "/audit?limit=500", viewer);
    if (r.status() != 200) {
      throw new AssertionError("audit: " + r);
    }
    return r.items().getValuesAs(JsonObject.class);
  }

  List<String> dispatchKeys(String runId) {
    HttpResult r = ksp.get(runs() + "/" + runId + "/dispatches", viewer);
    if (r.status() != 200) {
      throw new AssertionError("dispatches: " + r);
    }
    return r.items().getValuesAs(JsonObject.class).stream().map(o -> o.getString("key")).toList();
  }
}
