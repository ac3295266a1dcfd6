package ai.koales.ksp.domain.stream;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reviews a session still waits for (GraphQL {@code FactorySession.reviewPrompts}, edges.md
 * §1.7 ReviewPrompt): its {@code REVIEW_REQUIRED} events that no {@code REVIEW_RESOLVED} event with
 * the same prompt id answered. Payloads are GraphQL-shaped ({@code promptId, role, question,
 * context, requiredBy}); the proto's names ({@code reviewId, reviewType, promptText,
 * deadlineUnixSec}, edges.md §1.1 ReviewPromptPayload) are read too. A prompt without id, role or
 * question is not shown, rather than shown with invented values.
 */
public final class OpenReviews {

  /** One open review; {@code requiredBy} is RFC 3339 or null. */
  public record Prompt(
      String promptId, String role, String question, Object context, String requiredBy) {}

  private OpenReviews() {}

  /** The open prompts of {@code log} (ascending seq), in the order they were raised. */
  public static List<Prompt> of(List<BufferedEvent> log) {
    Map<String, Prompt> open = new LinkedHashMap<>();
    Set<String> resolved = new LinkedHashSet<>();
    for (BufferedEvent e : log) {
      if (e.stream() != EventStream.SESSION_EVENTS) {
        continue;
      }
      Map<String, Object> p = e.payload();
      String id = text(p, "promptId", "reviewId");
      if (id == null) {
        continue;
      }
      if (SessionEventKind.REVIEW_REQUIRED.name().equals(e.kind())) {
        String role = text(p, "role", "reviewType");
        String question = text(p, "question", "promptText");
        if (role != null && question != null) {
          resolved.remove(id);
          open.put(id, new Prompt(id, role, question, p.get("context"), requiredBy(p)));
        }
      } else if (SessionEventKind.REVIEW_RESOLVED.name().equals(e.kind())) {
        open.remove(id);
        resolved.add(id);
      }
    }
    return List.copyOf(open.values());
  }

  private static String requiredBy(Map<String, Object> p) {
    String given = text(p, "requiredBy");
    if (given != null) {
      return given;
    }
    Object deadline = p.get("deadlineUnixSec");
    return deadline instanceof Number n ? Instant.ofEpochSecond(n.longValue()).toString() : null;
  }

  private static String text(Map<String, Object> p, String... keys) {
    for (String k : keys) {
      if (p.get(k) instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return null;
  }
}
