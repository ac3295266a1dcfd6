package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.Map;

/**
 * What an agent reports at BP2 (core.md §1.5 ExecutionContent): the domain and action, how many
 * tool calls, its status and a summary. {@code idempotencyKey}, when given, identifies a retry of
 * the same execution (otherwise the report's content does).
 */
public record ExecutionReport(
    String domain,
    String action,
    int toolCallCount,
    String status,
    String summary,
    String idempotencyKey) {

  public ExecutionReport {
    if (domain == null || domain.isBlank()) {
      throw new InvalidInputException("invalid-request", "domain", "is required");
    }
    if (action == null || action.isBlank()) {
      throw new InvalidInputException("invalid-request", "action", "is required");
    }
    if (toolCallCount < 0) {
      throw new InvalidInputException("invalid-request", "toolCallCount", "must not be negative");
    }
    status = status == null ? "" : status;
    summary = summary == null ? "" : summary;
  }

  /** What identifies this report for idempotency: the key if any, else the content. */
  public Map<String, Object> identity() {
    return idempotencyKey != null
        ? Map.of("idempotencyKey", idempotencyKey)
        : Map.of(
            "domain",
            domain,
            "action",
            action,
            "toolCallCount",
            toolCallCount,
            "status",
            status,
            "summary",
            summary);
  }
}
