package ai.koales.ksp.domain.commissioning;

import ai.koales.ksp.domain.bead.BeadId;
import ai.koales.ksp.domain.bead.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pass outputs of coordination.md §1.8, validated before they are persisted (CA-INV-002). The
 * planner's answer is taken as content; its id, kind and provenance fields are overwritten, and the
 * id becomes a hash of the content, so a replayed pass writes the same node again (nothing new).
 */
public final class PassArtifacts {

  static final Set<String> PRIORITIES = Set.of("critical", "high", "medium", "low");

  private PassArtifacts() {}

  public static Map<String, Object> pressure(Map<String, Object> raw, CommissioningSignal s) {
    String code = Pass.SYNTHESIZE_PRESSURE.errorCode();
    Map<String, Object> a = content(raw, code);
    a.put("kind", "pressure");
    a.put("orgId", s.orgId());
    a.put("sessionId", s.sessionId());
    a.put("sourceSignalId", s.dispositionEventId());
    text(a, "title", code);
    text(a, "description", code);
    text(a, "category", code);
    if (!PRIORITIES.contains(a.get("priority"))) {
      throw failed(
          code,
          "priority must be one of critical, high, medium, low (got " + a.get("priority") + ")");
    }
    strings(a, "evidence", 0, code);
    return withId("PRS-", a);
  }

  public static Map<String, Object> capability(
      Map<String, Object> raw, CommissioningSignal s, String pressureId) {
    String code = Pass.MAP_CAPABILITY.errorCode();
    Map<String, Object> a = content(raw, code);
    a.put("kind", "capability");
    a.put("orgId", s.orgId());
    a.put("sessionId", s.sessionId());
    a.put("sourcePressureId", pressureId);
    text(a, "title", code);
    text(a, "description", code);
    text(a, "gapAnalysis", code);
    return withId("BC-", a);
  }

  public static Map<String, Object> functionProposal(
      Map<String, Object> raw, CommissioningSignal s, String capabilityId) {
    String code = Pass.PROPOSE_FUNCTION.errorCode();
    Map<String, Object> a = content(raw, code);
    a.put("kind", "function-proposal");
    a.put("orgId", s.orgId());
    a.put("sessionId", s.sessionId());
    a.put("sourceCapabilityId", capabilityId);
    text(a, "title", code);
    text(a, "description", code);
    text(a, "rationale", code);
    if (!(a.get("successCriteria") instanceof List<?> l) || l.isEmpty()) {
      throw failed(
          "no-success-criteria", "a function proposal needs at least one success criterion");
    }
    strings(a, "successCriteria", 1, code);
    return withId("FP-", a);
  }

  public static Map<String, Object> intentSpecification(
      Map<String, Object> raw, CommissioningSignal s, String functionId, String capabilityId) {
    String code = Pass.COMPILE_PRD.errorCode();
    Map<String, Object> a = content(raw, code);
    a.put("orgId", s.orgId());
    a.put("repoId", s.repoId());
    a.put("sourceFunctionId", functionId);
    a.put("sourceCapabilityId", capabilityId);
    a.put("source_refs", List.of(functionId));
    a.put("explicitness", "inferred");
    text(a, "version", code);
    text(a, "problem", code);
    text(a, "goal", code);
    text(a, "rationale", code);
    strings(a, "acceptanceCriteria", 1, code);
    strings(a, "successMetrics", 1, code);
    strings(a, "constraints", 0, code);
    strings(a, "outOfScope", 0, code);
    return withId("IS-", a);
  }

  /** The model's content without the members the pass decides itself. */
  private static Map<String, Object> content(Map<String, Object> raw, String code) {
    if (raw == null) {
      throw failed(code, "the planner returned nothing");
    }
    Map<String, Object> a = new LinkedHashMap<>(raw);
    a.remove("id");
    return a;
  }

  private static void text(Map<String, Object> a, String field, String code) {
    if (!(a.get(field) instanceof String s) || s.isBlank()) {
      throw failed(code, field + " must be a non-empty string");
    }
  }

  private static void strings(Map<String, Object> a, String field, int min, String code) {
    Object v = a.get(field);
    if (!(v instanceof List<?> l)
        || l.stream().anyMatch(x -> !(x instanceof String s) || s.isBlank())) {
      throw failed(code, field + " must be an array of non-empty strings");
    }
    if (l.size() < min) {
      throw failed(code, field + " needs at least " + min + " entr" + (min == 1 ? "y" : "ies"));
    }
    a.put(field, new ArrayList<>(l));
  }

  /** {@code prefix} + the first 16 hex of the SHA-256 of the canonical content: replays collide. */
  private static Map<String, Object> withId(String prefix, Map<String, Object> a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", prefix + BeadId.hash(CanonicalJson.of(a)).substring(0, 16));
    out.putAll(a);
    return out;
  }

  private static PassFailedException failed(String code, String message) {
    return new PassFailedException(code, message);
  }
}
