package ai.koales.ksp.domain.loop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an agent reports at BP3 (core.md §1.5 OutcomeContent, plus the trace the detector reads):
 * the outcome's status, tool calls and summary, the atom's trace if it ran one, and the stream its
 * events belong to when the caller knows it (a run's stream).
 */
public record OutcomeReport(
    int toolCallCount,
    OutcomeStatus status,
    String summary,
    Optional<TraceFacts> trace,
    String streamId) {

  public OutcomeReport {
    summary = summary == null ? "" : summary;
    trace = trace == null ? Optional.empty() : trace;
  }

  /** What identifies this report for idempotency: a retried BP3 writes nothing new. */
  public Map<String, Object> identity() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("toolCallCount", toolCallCount);
    m.put("status", status.name());
    m.put("summary", summary);
    trace.ifPresent(
        t -> {
          m.put("atom", String.valueOf(t.atomId()));
          m.put("outcome", String.valueOf(t.outcome()));
          m.put("exhausted", t.attemptsExhausted());
          m.put(
              "firings",
              t.detectorFirings().stream()
                  .map(f -> f.invId() + "|" + f.severity() + "|" + f.message())
                  .toList());
        });
    return m;
  }
}
