package ai.koales.ksp.persistence.commissioning;

import ai.koales.ksp.domain.commissioning.CommissioningSignal;
import ai.koales.ksp.domain.commissioning.Elucidation;
import ai.koales.ksp.domain.commissioning.Planner;
import ai.koales.ksp.domain.commissioning.PlannerOutputException;
import ai.koales.ksp.persistence.platform.ChatCompletions;
import ai.koales.ksp.persistence.platform.JsonValues;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commissioning planner on an OpenAI-compatible chat-completions server (coordination.md §6):
 * each pass is one call, no tools, with the pass's system role and the JSON shape it must answer
 * in; the user message is the JSON of the previous artifact (with the org and the disposition or
 * repository). The answer's JSON object is returned as written (code fences stripped); the pass
 * then validates it and overwrites its id, kind and provenance. Anything that is not one JSON
 * object is a {@link PlannerOutputException}, which fails the pass with its error code.
 */
public final class OpenAiPlanner implements Planner {

  private static final Pattern FENCED =
      Pattern.compile("^\\s*```[A-Za-z0-9_-]*\\s*\\n(.*?)\\n?\\s*```\\s*$", Pattern.DOTALL);

  static final String PRESSURE =
      "{\"title\": string, \"description\": string, \"priority\":"
          + " \"critical\"|\"high\"|\"medium\"|\"low\", \"category\": string, \"evidence\":"
          + " [string]}";
  static final String CAPABILITY =
      "{\"title\": string, \"description\": string, \"gapAnalysis\": string}";
  static final String FUNCTION_PROPOSAL =
      "{\"title\": string, \"description\": string, \"rationale\": string, \"successCriteria\":"
          + " [string, at least one]}";
  static final String INTENT_SPECIFICATION =
      "{\"version\": string, \"problem\": string, \"goal\": string, \"acceptanceCriteria\":"
          + " [string, at least one], \"successMetrics\": [string, at least one],"
          + " \"constraints\": [string], \"outOfScope\": [string], \"rationale\": string}";

  private final ChatCompletions chat;
  private final String model;

  public OpenAiPlanner(URI baseUrl, String apiKey, String model, Duration timeout) {
    this.chat = new ChatCompletions(baseUrl, apiKey, timeout);
    this.model = model;
  }

  @Override
  public Map<String, Object> pressure(Elucidation elucidation, CommissioningSignal signal) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("elucidation", Map.of("id", elucidation.id(), "data", elucidation.data()));
    input.put("orgId", signal.orgId());
    input.put("dispositionEventId", signal.dispositionEventId());
    return ask("pressure synthesizer: name the pressure the elucidation reveals", PRESSURE, input);
  }

  @Override
  public Map<String, Object> capability(Map<String, Object> pressure, CommissioningSignal signal) {
    return ask(
        "capability mapper: name the business capability that answers the pressure and the gap"
            + " to it",
        CAPABILITY,
        withContext(pressure, signal));
  }

  @Override
  public Map<String, Object> functionProposal(
      Map<String, Object> capability, CommissioningSignal signal) {
    return ask(
        "function proposer: propose the function that closes the capability's gap, with"
            + " verifiable success criteria",
        FUNCTION_PROPOSAL,
        withContext(capability, signal));
  }

  @Override
  public Map<String, Object> intentSpecification(
      Map<String, Object> functionProposal,
      Map<String, Object> capability,
      CommissioningSignal signal) {
    Map<String, Object> input = withContext(functionProposal, signal);
    input.put("capability", capability);
    return ask(
        "PRD author: write the intent specification of the proposed function; every acceptance"
            + " criterion must be independently verifiable",
        INTENT_SPECIFICATION,
        input);
  }

  private static Map<String, Object> withContext(
      Map<String, Object> artifact, CommissioningSignal signal) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("artifact", artifact);
    input.put("orgId", signal.orgId());
    input.put("repoId", signal.repoId());
    return input;
  }

  private Map<String, Object> ask(String role, String shape, Map<String, Object> input) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put(
        "messages",
        List.of(
            Map.of(
                "role",
                "system",
                "content",
                "You are the commissioning "
                    + role
                    + ". Answer with exactly one JSON object and nothing else, of this shape: "
                    + shape),
            Map.of("role", "user", "content", JsonValues.write(input))));
    body.put("response_format", Map.of("type", "json_object"));
    Map<String, Object> message;
    try {
      message = chat.complete(body);
    } catch (ChatCompletions.Failure e) {
      throw new PlannerOutputException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlannerOutputException("the planner call was interrupted", e);
    }
    return object(message.get("content"));
  }

  /** The answer's JSON object; fences around it are removed (§6: "fences stripped"). */
  static Map<String, Object> object(Object content) {
    if (!(content instanceof String text) || text.isBlank()) {
      throw new PlannerOutputException("the planner answered no text");
    }
    Matcher fenced = FENCED.matcher(text);
    String json = fenced.matches() ? fenced.group(1) : text.trim();
    try {
      return JsonValues.parseObject(json);
    } catch (RuntimeException notAnObject) {
      throw new PlannerOutputException(
          "the planner's answer is not a JSON object: "
              + (json.length() > 200 ? json.substring(0, 200) + "..." : json),
          notAnObject);
    }
  }

  @Override
  public String toString() {
    return "OpenAiPlanner[" + chat.baseUrl() + ", model " + model + "]";
  }
}
