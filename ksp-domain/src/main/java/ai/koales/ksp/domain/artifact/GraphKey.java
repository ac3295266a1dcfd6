package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.Ids;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.Objects;

/**
 * Which artifact graph: the original's Durable Object name, here a graph inside an org. Its value
 * {@code {org}:{graph}} is unambiguous because org ids never contain {@code ':'} (graph names may).
 * The loop uses graph {@link #MAIN} unless told otherwise (api.md "Artifact graph").
 */
public record GraphKey(String org, String graph) {

  /** The graph the loop and commissioning use by default. */
  public static final String MAIN = "main";

  /** The value is also a partition lock key, whose column holds at most 400 characters. */
  public static final int MAX_LENGTH = 400;

  public GraphKey {
    Ids.requireOrgId("org", org);
    Ids.requireId("graph", graph);
    if (org.length() + 1 + graph.length() > MAX_LENGTH) {
      throw new InvalidInputException(
          "invalid-id",
          "graph",
          "org and graph names together must not exceed " + (MAX_LENGTH - 1) + " characters");
    }
  }

  public static GraphKey of(String org, String graph) {
    return new GraphKey(org, graph);
  }

  /** The graph {@code main} of {@code org}. */
  public static GraphKey main(String org) {
    return new GraphKey(org, MAIN);
  }

  /** Parses {@code {org}:{graph}}: the org ends at the first {@code ':'}. */
  public static GraphKey parse(String value) {
    Objects.requireNonNull(value, "value");
    int colon = value.indexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new InvalidInputException(
          "invalid-id", "graphKey", "must look like {org}:{graph} (got \"" + value + "\")");
    }
    return new GraphKey(value.substring(0, colon), value.substring(colon + 1));
  }

  /** {@code {org}:{graph}}: the key nodes, edges and the partition lock are stored under. */
  public String value() {
    return org + ":" + graph;
  }

  @Override
  public String toString() {
    return value();
  }
}
