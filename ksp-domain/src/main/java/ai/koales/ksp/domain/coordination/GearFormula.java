package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A formula: a reusable arrangement of gears (coordination.md §1.3 GearFormula): which gears, and
 * typed edges between them. Every gear it names must be registered in the org ({@code
 * unknown-gear}).
 */
public record GearFormula(
    String id, String name, List<String> gearIds, List<Edge> edges, List<String> sourceRefs) {

  public static final String ID_PREFIX = "FORMULA-";

  public GearFormula {
    gearIds = List.copyOf(gearIds);
    edges = List.copyOf(edges);
    sourceRefs = List.copyOf(sourceRefs);
  }

  /** A typed edge between two of the formula's gears. */
  public record Edge(String from, String to, String type) {}

  /**
   * Validates a formula definition (structure only; gear registration is checked by the caller).
   */
  public static GearFormula parse(String formulaId, Object definition) {
    List<FieldViolation> v = new ArrayList<>();
    if (formulaId == null
        || !formulaId.startsWith(ID_PREFIX)
        || formulaId.length() == ID_PREFIX.length()) {
      v.add(new FieldViolation("formulaId", "must start with " + ID_PREFIX));
    }
    FieldReader r = FieldReader.of(definition, "", v).orElse(null);
    if (r == null) {
      throw new InvalidInputException("invalid-formula", v);
    }
    if (r.has("id") && !Objects.equals(r.raw("id"), formulaId)) {
      r.violation("id", "must equal the formula id in the path (" + formulaId + ")");
    }
    String name = r.text("name", true);
    List<String> gearIds = r.texts("gearIds", true, List.of());
    if (r.has("gearIds") && gearIds.isEmpty()) {
      r.violation("gearIds", "must name at least one gear");
    }
    List<Edge> edges = new ArrayList<>();
    List<?> rawEdges = r.array("edges", false);
    if (rawEdges != null) {
      for (int i = 0; i < rawEdges.size(); i++) {
        String path = r.path("edges") + "[" + i + "]";
        FieldReader.of(rawEdges.get(i), path, v)
            .ifPresent(
                e -> {
                  String from = e.text("from", true);
                  String to = e.text("to", true);
                  String type = e.text("type", true);
                  if (from != null && !gearIds.contains(from)) {
                    e.violation("from", "must be one of the formula's gearIds");
                  }
                  if (to != null && !gearIds.contains(to)) {
                    e.violation("to", "must be one of the formula's gearIds");
                  }
                  edges.add(new Edge(from, to, type));
                });
      }
    }
    List<String> sourceRefs = r.texts("source_refs", false, List.of());
    if (!v.isEmpty()) {
      throw new InvalidInputException("invalid-formula", v);
    }
    return new GearFormula(formulaId, name, gearIds, edges, sourceRefs);
  }

  /** Whether the formula arranges gear {@code gearId}. */
  public boolean includes(String gearId) {
    return gearIds.contains(gearId);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("gearIds", gearIds);
    m.put(
        "edges",
        edges.stream().map(e -> Map.of("from", e.from(), "to", e.to(), "type", e.type())).toList());
    m.put("source_refs", sourceRefs);
    return m;
  }
}
