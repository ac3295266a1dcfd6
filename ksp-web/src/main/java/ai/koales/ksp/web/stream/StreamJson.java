package ai.koales.ksp.web.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.ReplayUnavailableException;
import ai.koales.ksp.persistence.platform.JsonValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON text live connections (WebSocket, SSE) send: one event per message. The text of an event
 * is the same for all its subscribers, so recent events are encoded once: an event is immutable
 * under its (stream, seq), which is never reused.
 */
final class StreamJson {

  private static final int CACHED_EVENTS = 4096;

  private static final Map<String, String> RECENT =
      Collections.synchronizedMap(
          new LinkedHashMap<>(CACHED_EVENTS * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > CACHED_EVENTS;
            }
          });

  private StreamJson() {}

  static String event(BufferedEvent e) {
    String key = e.streamId() + ':' + e.seq();
    String text = RECENT.get(key);
    if (text == null) {
      text = encode(e);
      RECENT.put(key, text);
    }
    return text;
  }

  private static String encode(BufferedEvent e) {
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
