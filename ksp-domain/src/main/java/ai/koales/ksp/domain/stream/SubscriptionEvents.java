package ai.koales.ksp.domain.stream;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objects the three GraphQL subscriptions send (edges.md §1.7), filled from the buffered event
 * and never from placeholders (the original sent '' / IN_PROGRESS / now()): a value the event does
 * not carry is {@code null}. Times are RFC 3339 UTC.
 */
public final class SubscriptionEvents {

  private SubscriptionEvents() {}

  /** {@code sessionEvents}: {seq, sessionId, workOrderId, occurredAt, kind, payload}. */
  public static Map<String, Object> sessionEvent(BufferedEvent e, String workOrderId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", e.seq());
    m.put("sessionId", e.streamId());
    m.put("workOrderId", workOrderId);
    m.put("occurredAt", iso(e.occurredAt()));
    m.put("kind", e.kind());
    m.put("payload", e.payload());
    return m;
  }

  /**
   * {@code artifactWrites}: {seq, artifactId, kind, sessionId, r2Path, contentHash, occurredAt};
   * {@code kind} is the artifact's kind (edges.md §1.5 payload {@code kind}), not the event's.
   */
  public static Map<String, Object> artifactWrite(BufferedEvent e) {
    Map<String, Object> p = e.payload();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", e.seq());
    m.put("artifactId", first(p, "artifactId", "artifact_id"));
    m.put("kind", first(p, "kind", "artifactKind", "artifactType", "artifact_type"));
    m.put("sessionId", e.streamId());
    m.put("r2Path", first(p, "r2Path", "r2_path", "storageRef", "storage_ref"));
    m.put("contentHash", first(p, "contentHash", "content_hash"));
    m.put("occurredAt", iso(e.occurredAt()));
    return m;
  }

  /** {@code beadUpdates}: {seq, atomId, runId, status, occurredAt}. */
  public static Map<String, Object> beadUpdate(BufferedEvent e) {
    Map<String, Object> p = e.payload();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", e.seq());
    m.put("atomId", first(p, "atomId", "atom_id"));
    m.put("runId", e.scopeRunId());
    m.put("status", first(p, "status"));
    m.put("occurredAt", iso(e.occurredAt()));
    return m;
  }

  public static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  private static Object first(Map<String, Object> payload, String... keys) {
    for (String k : keys) {
      Object v = payload.get(k);
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
