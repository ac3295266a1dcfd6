package ai.koales.ksp.domain.coordination;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Valid directives for tests (coordination.md §1.5), to be varied per test. */
final class Directives {

  private Directives() {}

  /** A complete v1 directive for atom {@code atomId} of run {@code runId}. */
  static Map<String, Object> v1(String runId, String atomId, String instruction) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("directiveId", "DIR-" + atomId);
    d.put("atomId", atomId);
    d.put("atomRef", atomId.toLowerCase() + "@1");
    d.put("instruction", instruction);
    d.put("runId", runId);
    d.put("repoId", "repo-1");
    d.put("workGraphVersion", "v1");
    d.put("skillRef", "code@1");
    d.put("role", "coder");
    d.put("timeoutMs", 60_000);
    d.put("retryPolicy", Map.of("maxAttempts", 1, "backoffMs", 0, "isolatedRetry", false));
    d.put("successCondition", Map.of("type", "always"));
    d.put("permittedTools", List.of("read_file"));
    d.put("sandboxConfig", Map.of("persistFilesystem", false));
    d.put("envVars", Map.of());
    return d;
  }

  /** A complete v2 directive; {@code atomId} must read WG-{id}-ATOM-{n}. */
  static Map<String, Object> v2(String runId, String atomId, String instructions) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("atomId", atomId);
    d.put("workGraphId", "IS-1");
    d.put("workGraphVersion", "v1");
    d.put("runId", runId);
    d.put("model", "test-model");
    d.put("instructions", instructions);
    d.put("toolPolicy", Map.of("permittedTools", List.of("read_file", "write_file")));
    d.put(
        "toolSchemas",
        List.of(
            Map.of("name", "read_file", "description", "Reads", "parametersSchema", Map.of()),
            Map.of("name", "write_file", "description", "Writes", "parametersSchema", Map.of())));
    d.put("specFiles", List.of());
    d.put("invariantIds", List.of("INV-1"));
    d.put("dependsOn", List.of());
    d.put("eluciationArtifactId", "ELC-1");
    d.put("d1ArtifactRef", "node-" + atomId);
    d.put("policyBeadId", "BEAD-" + atomId);
    d.put("role", "coder");
    d.put("gearId", "GEAR-coder-1");
    return d;
  }

  static Map<String, Object> with(Map<String, Object> d, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(d);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return copy;
  }

  static Gear coderGear() {
    return Gear.parse(
        "GEAR-coder-1",
        Map.of(
            "name", "Coder",
            "role", "coder",
            "modelBinding", Map.of("role", "coder", "modelId", "m-1"),
            "skillRef", "code@1",
            "toolPolicy", Map.of("allowed", List.of("read_file")),
            "beadType", "execution"));
  }
}
