package ai.koales.ksp.it.artifact;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** One artifact graph in a fresh org, as a writer (operator) and a reader (viewer) call it. */
final class Graph {

  final Ksp ksp;
  final String org;
  final String name;
  final String writer;
  final String reader;

  private Graph(Ksp ksp, String org, String name) {
    this.ksp = ksp;
    this.org = org;
    this.name = name;
    this.writer = ksp.token(Ksp.OPERATOR, org);
    this.reader = ksp.token(Ksp.VIEWER, org);
  }

  /** A graph in a new org, so that tests never see each other's data. */
  static Graph fresh(Ksp ksp) {
    return new Graph(ksp, Ksp.newOrg("ag"), "g-" + UUID.randomUUID().toString().substring(0, 8));
  }

  Graph sibling(String graphName) {
    return new Graph(ksp, org, graphName);
  }

  String key() {
    return org + ":" + name;
  }

  String path(String rest) {
    return "/api/v1/orgs/" + org + "/graphs/" + name + rest;
  }

  HttpResult append(String json) {
    return ksp.post(path("/nodes"), writer, json);
  }

  HttpResult put(String id, String type, String dataJson) {
    return ksp.put(
        path("/nodes/" + id), writer, "{\"type\":\"" + type + "\",\"data\":" + dataJson + "}");
  }

  /** Upserts a node and insists it worked. */
  JsonObject node(String id, String type, String dataJson) {
    HttpResult r = put(id, type, dataJson);
    if (r.status() != 201 && r.status() != 200) {
      throw new AssertionError("PUT node " + id + ": " + r);
    }
    return r.json();
  }

  JsonObject node(String id, String type) {
    return node(id, type, "{}");
  }

  HttpResult putEdge(String source, String rel, String target, String propsJson) {
    String props = propsJson == null ? "" : ",\"props\":" + propsJson;
    return ksp.put(
        path("/edges"),
        writer,
        "{\"source\":\""
            + source
            + "\",\"target\":\""
            + target
            + "\",\"rel\":\""
            + rel
            + "\""
            + props
            + "}");
  }

  /** Upserts an edge and insists it worked. */
  JsonObject edge(String source, String rel, String target) {
    HttpResult r = putEdge(source, rel, target, null);
    if (r.status() != 201 && r.status() != 200) {
      throw new AssertionError("PUT edge " + source + " " + rel + " " + target + ": " + r);
    }
    return r.json();
  }

  HttpResult get(String rest) {
    return ksp.get(path(rest), reader);
  }

  /** The ids of a list answer's items, in order. */
  static List<String> ids(HttpResult r) {
    if (r.status() != 200) {
      throw new AssertionError(r.toString());
    }
    return ids(r.items());
  }

  static List<String> ids(JsonArray items) {
    return items.stream().map(v -> v.asJsonObject().getString("id")).toList();
  }

  /** The node ids of a lineage answer, in order. */
  static List<String> lineageIds(HttpResult r) {
    if (r.status() != 200) {
      throw new AssertionError(r.toString());
    }
    return r.items().stream()
        .map(v -> v.asJsonObject().getJsonObject("node").getString("id"))
        .toList();
  }

  static List<Integer> depths(HttpResult r) {
    return r.items().stream().map(v -> v.asJsonObject().getInt("depth")).toList();
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static JsonObject obj(String json) {
    return Json.createReader(new java.io.StringReader(json)).readObject();
  }
}
