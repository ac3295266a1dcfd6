package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.AtomFailedException;
import ai.koales.ksp.domain.coordination.AtomRunner;
import ai.koales.ksp.domain.coordination.AtomTask;
import ai.koales.ksp.domain.coordination.RoleName;
import ai.koales.ksp.domain.coordination.ToolGate;
import ai.koales.ksp.persistence.platform.ChatCompletions;
import ai.koales.ksp.persistence.platform.JsonValues;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * An {@link AtomRunner} on any OpenAI-compatible chat-completions server (OpenAI, a local Ollama,
 * vLLM...), opt-in with {@code ksp.llm.mode=openai}. The model comes from {@code
 * ksp.llm.model.<role>} (the directive's v2 {@code model} otherwise); the atom's permitted tools
 * are offered as functions, and every call the model makes passes consent first (I4). {@code
 * read_file} and {@code write_file} work inside the run's workspace; other tools answer that they
 * are not available here. The HTTP call is cancelled when the agent's thread is interrupted (P4).
 */
public final class OpenAiAtomRunner implements AtomRunner {

  /** Tool-call rounds before the runner gives up on a model that never answers. */
  static final int MAX_TOOL_ROUNDS = 8;

  private static final int MAX_FILE_CHARS = 64 * 1024;

  /** The longest one model call may take; the atom's own timeout usually ends it sooner. */
  static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);

  private final ChatCompletions chat;
  private final Map<String, String> modelByRole;

  public OpenAiAtomRunner(URI baseUrl, String apiKey, Map<String, String> modelByRole) {
    this.chat = new ChatCompletions(baseUrl, apiKey, CALL_TIMEOUT);
    this.modelByRole = Map.copyOf(modelByRole);
  }

  /** {@code ksp.llm.base-url} (required), {@code ksp.llm.api-key}, {@code ksp.llm.model.<role>}. */
  static OpenAiAtomRunner fromConfig(Config c) {
    String base =
        c.getOptionalValue("ksp.llm.base-url", String.class)
            .filter(s -> !s.isBlank())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "ksp.llm.mode=openai needs ksp.llm.base-url (e.g."
                            + " http://localhost:11434/v1 for a local Ollama)"));
    Map<String, String> models = new LinkedHashMap<>();
    for (RoleName r : RoleName.values()) {
      c.getOptionalValue("ksp.llm.model." + r.wireName(), String.class)
          .filter(s -> !s.isBlank())
          .ifPresent(m -> models.put(r.wireName(), m));
    }
    return new OpenAiAtomRunner(
        URI.create(base.endsWith("/") ? base : base + "/"),
        c.getOptionalValue("ksp.llm.api-key", String.class).orElse(null),
        models);
  }

  URI baseUrl() {
    return chat.baseUrl();
  }

  @Override
  public String run(AtomTask task, ToolGate tools) throws Exception {
    String model =
        Optional.ofNullable(modelByRole.get(task.role()))
            .or(() -> task.directive() == null ? Optional.empty() : task.directive().model())
            .orElseThrow(
                () ->
                    new AtomFailedException(
                        "no model for role " + task.role() + ": set ksp.llm.model." + task.role()));
    List<Object> messages = new ArrayList<>();
    messages.add(
        Map.of(
            "role",
            "system",
            "content",
            "You are the "
                + task.role()
                + " agent executing atom "
                + task.atomId()
                + " of run "
                + task.runId()
                + (task.dependsOn().isEmpty() ? "" : ", after atoms " + task.dependsOn())
                + ". Do what the user asks; call a tool only when you need it; answer with the"
                + " final result."));
    messages.add(Map.of("role", "user", "content", task.instructions()));
    List<Object> functions = functions(task);

    for (int round = 0; round < MAX_TOOL_ROUNDS; round++) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("model", model);
      body.put("messages", messages);
      if (!functions.isEmpty()) {
        body.put("tools", functions);
      }
      Map<String, Object> message = complete(body);
      Object calls = message.get("tool_calls");
      if (!(calls instanceof List<?> list) || list.isEmpty()) {
        Object content = message.get("content");
        return content instanceof String s ? s : "";
      }
      Map<String, Object> assistant = new LinkedHashMap<>();
      assistant.put("role", "assistant");
      assistant.put("content", message.get("content"));
      assistant.put("tool_calls", list);
      messages.add(assistant);
      for (Object call : list) {
        Map<?, ?> c = (Map<?, ?>) call;
        String id = String.valueOf(c.get("id"));
        Map<?, ?> fn = (Map<?, ?>) c.get("function");
        String name = fn == null ? "" : String.valueOf(fn.get("name"));
        // I4: consent before the tool runs; a refusal throws and ends the atom here.
        tools.call(name, id);
        String result = runTool(task, name, fn == null ? null : fn.get("arguments"));
        messages.add(Map.of("role", "tool", "tool_call_id", id, "content", result));
      }
    }
    throw new AtomFailedException(
        "the model was still calling tools after " + MAX_TOOL_ROUNDS + " rounds");
  }

  private Map<String, Object> complete(Map<String, Object> body) throws Exception {
    try {
      return chat.complete(body);
    } catch (ChatCompletions.Failure e) {
      throw new AtomFailedException(e.getMessage(), e.getCause());
    }
  }

  /** The function definitions offered: the directive's schemas, else the known tools' own. */
  private static List<Object> functions(AtomTask task) {
    List<Object> out = new ArrayList<>();
    if (task.directive() == null) {
      return out;
    }
    Map<String, Map<?, ?>> schemas = new LinkedHashMap<>();
    if (task.directive().raw().get("toolSchemas") instanceof List<?> given) {
      for (Object s : given) {
        if (s instanceof Map<?, ?> m && m.get("name") instanceof String n) {
          schemas.put(n, m);
        }
      }
    }
    for (String tool : task.directive().permittedTools()) {
      Map<String, Object> fn = new LinkedHashMap<>();
      fn.put("name", tool);
      Map<?, ?> given = schemas.get(tool);
      if (given != null) {
        fn.put("description", given.get("description"));
        fn.put("parameters", given.get("parametersSchema"));
      } else if ("read_file".equals(tool)) {
        fn.put("description", "Reads a file of the workspace");
        fn.put("parameters", objectSchema(Map.of("path", Map.of("type", "string"))));
      } else if ("write_file".equals(tool)) {
        fn.put("description", "Writes a file of the workspace");
        fn.put(
            "parameters",
            objectSchema(
                Map.of("path", Map.of("type", "string"), "content", Map.of("type", "string"))));
      } else {
        fn.put("description", tool);
        fn.put("parameters", objectSchema(Map.of()));
      }
      out.add(Map.of("type", "function", "function", fn));
    }
    return out;
  }

  private static Map<String, Object> objectSchema(Map<String, Object> properties) {
    return Map.of("type", "object", "properties", properties);
  }

  /** Runs an allowed tool in the run's workspace; the model reads the answer, errors included. */
  static String runTool(AtomTask task, String name, Object rawArguments) {
    Map<String, Object> args;
    try {
      args =
          rawArguments instanceof String s && !s.isBlank()
              ? JsonValues.parseObject(s)
              : rawArguments instanceof Map<?, ?> m ? castMap(m) : Map.of();
    } catch (RuntimeException e) {
      return "error: the arguments are not a JSON object";
    }
    try {
      switch (name) {
        case "read_file":
          {
            Path file = inside(task.workspace(), args.get("path"));
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.length() > MAX_FILE_CHARS ? text.substring(0, MAX_FILE_CHARS) : text;
          }
        case "write_file":
          {
            Path file = inside(task.workspace(), args.get("path"));
            Files.createDirectories(file.getParent());
            Object content = args.get("content");
            Files.writeString(file, content == null ? "" : String.valueOf(content));
            return "ok";
          }
        default:
          return "error: tool " + name + " is not available in this workspace";
      }
    } catch (NoSuchFileException e) {
      return "error: no such file";
    } catch (IOException | IllegalArgumentException e) {
      return "error: " + e.getMessage();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static Path inside(Path workspace, Object path) {
    if (!(path instanceof String p) || p.isBlank()) {
      throw new IllegalArgumentException("path is required");
    }
    Path root = workspace.toAbsolutePath().normalize();
    Path file = root.resolve(p).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new IllegalArgumentException("path must stay inside the workspace");
    }
    return file;
  }

  @Override
  public String toString() {
    return "OpenAiAtomRunner[" + chat.baseUrl() + ", models " + modelByRole + "]";
  }
}
