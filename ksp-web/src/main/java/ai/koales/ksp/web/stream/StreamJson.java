package ai.koales.ksp.web.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.ReplayUnavailableException;
import ai.koales.ksp.persistence.platform.JsonValues;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON text live connections (WebSocket, SSE) send: one event per message. */
final class StreamJson {

  private StreamJson() {}

  static String event(BufferedEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", e.seq());
    m.put("stream", e.stream().wireName());
    m.put("kind", e.kind());
    m.put("scopeRunId", e.scopeRunId());
    m.put("scopeAssemblyId", e.scopeAssemblyId());
    m.put("payload", e.payload());
    m.put("occurredAt", e.occurredAt());
    m.put("appendedAt", e.appendedAt());
    m.put("terminal", e.terminal());
    return JsonValues.write(m);
  }

  /** The ReplayUnavailable body of edges.md §1.5. */
  static String replayUnavailable(ReplayUnavailableException e) {
    return JsonValues.write(e.extensions());
  }

  static String end(String reason) {
    return JsonValues.write(Map.of("reason", reason));
  }
}
