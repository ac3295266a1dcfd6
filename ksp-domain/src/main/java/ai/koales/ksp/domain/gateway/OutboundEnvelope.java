package ai.koales.ksp.domain.gateway;

import java.util.Map;

/**
 * The WGSP OutboundEnvelope a submission's {@code work_graph} carries (edges.md §1.2, §8 Q5), as
 * plain JSON values: where the gateway finds the session, work order, assembly and org, and the
 * {@code durable_objects} routing members (§2.2), read first from {@code
 * work_graph.durable_objects} and else from a top-level {@code durable_objects} (the two readings
 * of the original disagree).
 */
public final class OutboundEnvelope {

  private final Map<String, Object> content;

  private OutboundEnvelope(Map<String, Object> content) {
    this.content = content;
  }

  /** The decoded work graph; anything but a JSON object is refused. */
  @SuppressWarnings("unchecked")
  public static OutboundEnvelope of(Object decoded) {
    if (!(decoded instanceof Map<?, ?> m)) {
      throw new InvalidGatewayRequestException(
          "envelope.work_graph must be the JSON of an object (the WGSP OutboundEnvelope)");
    }
    return new OutboundEnvelope((Map<String, Object>) m);
  }

  /** The envelope as decoded, {@code signature} member included. */
  public Map<String, Object> content() {
    return content;
  }

  /** {@code session_context.session_id}, or null. */
  public String sessionId() {
    return text(member(content, "session_context"), "session_id");
  }

  /** {@code session_context.assembly_id} (the work graph id), or null. */
  public String assemblyId() {
    return text(member(content, "session_context"), "assembly_id");
  }

  /** {@code governance_context.work_order_id}, or null. */
  public String workOrderId() {
    return text(member(content, "governance_context"), "work_order_id");
  }

  /** The envelope's {@code timestamp} (RFC 3339), or null. */
  public String timestamp() {
    return text(content, "timestamp");
  }

  /** {@code identity_context.actor_id}, or null. */
  public String actorId() {
    return text(member(content, "identity_context"), "actor_id");
  }

  /** A routing member of {@code durable_objects} (Q5 order), or null when absent. */
  public Object durable(String key) {
    Object inWorkGraph = member(member(member(content, "work_graph"), "durable_objects"), key);
    if (inWorkGraph != null) {
      return inWorkGraph;
    }
    return member(member(content, "durable_objects"), key);
  }

  /** A routing member of {@code durable_objects} that is a non-blank string, or null. */
  public String durableText(String key) {
    Object v = durable(key);
    return v instanceof String s && !s.isBlank() ? s : null;
  }

  private static Object member(Object object, String key) {
    return object instanceof Map<?, ?> m ? m.get(key) : null;
  }

  private static String text(Object object, String key) {
    return member(object, key) instanceof String s && !s.isBlank() ? s : null;
  }
}
