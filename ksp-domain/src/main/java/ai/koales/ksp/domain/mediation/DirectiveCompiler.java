package ai.koales.ksp.domain.mediation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 6 of the compile (coordination.md §4.4, §1.5): a v2 atom directive per atom. The model and
 * role come from the gear (BR-KSP-19: the role is never guessed from a skill name), the permitted
 * tools and their schemas from the gear and the tool registry, and the atom's own instruction text
 * is appended to the standard one so that a deterministic runner can act on its markers.
 */
public final class DirectiveCompiler {

  private DirectiveCompiler() {}

  public static Map<String, Object> compile(
      CommissionRequest r, WorkGraphAtom atom, GearSpec gear) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("directiveVersion", 2);
    d.put("atomId", atom.atomId());
    d.put("workGraphId", r.workGraphId());
    d.put("workGraphVersion", r.workGraphVersion());
    d.put("runId", r.runId());
    d.put("model", gear.modelId());
    String instructions =
        "Execute atom "
            + atom.atomId()
            + " using gear "
            + gear.name()
            + " ("
            + gear.skillRef()
            + ").";
    if (atom.instruction() != null && !atom.instruction().isBlank()) {
      instructions += "\n" + atom.instruction();
    }
    d.put("instructions", instructions);
    d.put("toolPolicy", Map.of("permittedTools", gear.allowedTools()));
    d.put(
        "toolSchemas",
        gear.allowedTools().stream()
            .map(t -> ToolSchemas.asDirectiveEntry(ToolSchemas.find(t).orElseThrow()))
            .toList());
    d.put("specFiles", List.of());
    d.put("invariantIds", atom.invariantIds());
    d.put("dependsOn", atom.dependsOn());
    d.put("eluciationArtifactId", r.eluciationArtifactId());
    d.put("d1ArtifactRef", atom.d1ArtifactRef());
    d.put("policyBeadId", "BEAD-" + atom.atomId());
    d.put("thinkingLevel", thinking(gear.thinkingLevel()));
    d.put("role", gear.role());
    d.put("gearId", gear.id());
    return d;
  }

  /** none stays none; low and medium become low; high and max become high. */
  static String thinking(String level) {
    if (level == null) {
      return "low";
    }
    return switch (level) {
      case "none" -> "none";
      case "high", "max" -> "high";
      default -> "low";
    };
  }
}
