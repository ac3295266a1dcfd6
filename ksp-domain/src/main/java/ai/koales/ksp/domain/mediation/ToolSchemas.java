package ai.koales.ksp.domain.mediation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools KSP knows how to describe to an agent, each with its JSON schema. It is independent of
 * the gears that permit tools, so the coherence probe's check (c) can fail (P18: the original took
 * schemas from the same data it checked, so the check could never fail).
 */
public final class ToolSchemas {

  /** A tool's name, description and parameter schema (coordination.md §1.5 toolSchemas). */
  public record ToolSchema(String name, String description, Map<String, Object> parametersSchema) {}

  private static final Map<String, ToolSchema> BUILT_IN = new LinkedHashMap<>();

  static {
    add(
        "read_file",
        "Read a file of the atom's workspace",
        Map.of("path", "string"),
        List.of("path"));
    add(
        "write_file",
        "Write a file of the atom's workspace",
        Map.of("path", "string", "content", "string"),
        List.of("path", "content"));
    add(
        "list_files",
        "List the files under a directory of the workspace",
        Map.of("path", "string"),
        List.of("path"));
    add("search", "Search the workspace for text", Map.of("query", "string"), List.of("query"));
    add(
        "run_tests",
        "Run the workspace's tests and report the result",
        Map.of("target", "string"),
        List.of());
  }

  private ToolSchemas() {}

  private static void add(
      String name, String description, Map<String, String> props, List<String> required) {
    Map<String, Object> properties = new LinkedHashMap<>();
    props.forEach((k, t) -> properties.put(k, Map.of("type", t)));
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", required);
    BUILT_IN.put(name, new ToolSchema(name, description, schema));
  }

  public static Optional<ToolSchema> find(String name) {
    return Optional.ofNullable(BUILT_IN.get(name));
  }

  public static Map<String, Object> asDirectiveEntry(ToolSchema s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("description", s.description());
    m.put("parametersSchema", s.parametersSchema());
    return m;
  }
}
