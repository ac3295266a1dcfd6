package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FieldViolation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The content shape of each bead type (core.md §1.1). Fields not listed here are allowed (adopted
 * beads add bridge fields, and later versions may add more); the listed ones must be present with
 * the right JSON type, enums must name a known value, and ranges must hold. Field paths read {@code
 * content.trust_score}.
 */
public final class BeadSchema {

  /**
   * Deeper nesting than this is refused: no legitimate content needs it, and it bounds recursion.
   */
  public static final int MAX_DEPTH = 32;

  /**
   * Content fields the bead table copies into indexed columns, with the column's width: a longer
   * value is refused here (400 naming the field) rather than by the database (a 500).
   */
  static final Map<String, Integer> INDEXED_MAX_LENGTH =
      Map.of(
          "subject_id", 400,
          "subject_type", 400,
          "role_id", 400,
          "scope", 400,
          "target_bead_id", 200,
          "revokes", 200);

  static final Set<String> TRUST_STATUS = Set.of("PENDING", "APPROVED", "SUSPENDED", "REVOKED");
  static final Set<String> OUTCOME_STATUS = Set.of("SUCCESS", "PARTIAL", "FAILURE", "DISPUTED");
  static final Set<String> AMENDMENT_STATUS =
      Set.of("PENDING", "APPROVED", "REJECTED", "SUPERSEDED");
  static final Set<String> AMENDMENT_TARGET = Set.of("trust", "policy");
  static final Set<String> CONSENT_STATUS = Set.of("ACTIVE", "REVOKED");
  static final Set<String> AUDIT_ACTION =
      Set.of("CREATE", "SUPERSEDE", "ESCALATE", "CONSENT_GRANT", "CONSENT_REVOKE");
  static final Set<String> AUTONOMY =
      Set.of("SUGGEST", "PROPOSE", "EXECUTE_BOUNDED", "EXECUTE_FULL");
  static final Set<String> TYPES =
      Set.of(
          "policy", "trust", "consent", "execution", "outcome", "amendment", "escalation", "audit");

  private BeadSchema() {}

  /** Every violation of {@code content} against the schema of {@code type}; empty when valid. */
  public static List<FieldViolation> violations(BeadType type, Map<String, Object> content) {
    Check c = new Check(content);
    if (content == null) {
      c.add("content", "is required");
      return c.out;
    }
    c.wellFormed("content", content, 0);
    switch (type) {
      case POLICY -> {
        c.string("scope", true);
        c.object("rules", true);
        c.enumeration("autonomy", AUTONOMY, true);
        c.dateTime("effective_at", true);
        c.dateTime("expires_at", false);
      }
      case TRUST -> {
        c.string("subject_id", true);
        c.string("subject_type", true);
        c.enumeration("status", TRUST_STATUS, true);
        c.number("trust_score", 0, 1);
        c.text("rationale");
        c.stringArray("evidence_refs", true);
        c.dateTime("expiry", false);
      }
      case EXECUTION -> {
        c.string("subject_id", true);
        c.string("action", true);
        c.enumeration("autonomy_level", AUTONOMY, true);
        c.text("trust_bead_id");
        c.text("policy_bead_id");
        c.text("rationale");
        c.optionalString("artifact_graph_execution_id");
      }
      case OUTCOME -> {
        c.string("execution_bead_id", true);
        c.enumeration("status", OUTCOME_STATUS, true);
        c.text("summary");
        c.object("metrics", false);
        c.bool("triggers_amendment");
        c.optionalString("artifact_graph_divergence_id");
      }
      case AMENDMENT -> {
        c.string("target_bead_id", true);
        c.enumeration("target_type", AMENDMENT_TARGET, true);
        c.object("proposed_change", true);
        c.text("rationale");
        c.string("triggered_by", true);
        c.enumeration("status", AMENDMENT_STATUS, true);
        c.optionalString("reviewed_by");
        c.dateTime("reviewed_at", false);
        c.optionalString("if_approved_produces");
        c.optionalString("artifact_graph_amendment_id");
      }
      case CONSENT -> {
        c.string("role_id", true);
        c.stringArray("grants", true);
        c.enumeration("status", CONSENT_STATUS, true);
        c.string("granted_by", true);
        c.dateTime("granted_at", true);
        c.dateTime("expires_at", false);
        c.optionalString("revokes");
      }
      case ESCALATION -> {
        c.string("trigger_bead_id", true);
        c.string("reason", true);
        c.string("escalated_to", true);
        c.dateTime("resolved_at", false);
        c.optionalString("resolution");
        c.optionalString("resolution_bead_id");
      }
      case AUDIT -> {
        c.hex64("audited_bead_id");
        c.enumeration("audited_type", TYPES, true);
        c.enumeration("action", AUDIT_ACTION, true);
        c.string("actor_id", true);
        c.string("session_id", true);
        c.integer("ts");
      }
    }
    return c.out;
  }

  /**
   * What any type, content and parents must be to have an id at all (POST /bead-ids, no schema):
   * strings without unpaired UTF-16 surrogates (they have no UTF-8 form to hash), finite numbers
   * (JSON has no {@code 1e400}), bounded nesting, parents that are strings. Empty when hashable.
   */
  public static List<FieldViolation> hashable(
      String type, Map<String, Object> content, Collection<String> parentIds) {
    Check c = new Check(content);
    if (type == null) {
      c.add("type", "is required");
    } else if (!isWellFormedUtf16(type)) {
      c.add("type", "contains an unpaired UTF-16 surrogate");
    }
    if (content == null) {
      c.add("content", "is required");
    } else {
      c.wellFormed("content", content, 0);
    }
    int i = 0;
    for (Object p : parentIds) {
      if (!(p instanceof String s)) {
        c.add("parentIds[" + i + "]", "must be a string");
      } else if (!isWellFormedUtf16(s)) {
        c.add("parentIds[" + i + "]", "contains an unpaired UTF-16 surrogate");
      }
      i++;
    }
    return c.out;
  }

  /** Parses an ISO-8601 date-time with an offset ({@code 2026-06-10T00:00:00Z}), if it is one. */
  public static Optional<Instant> instant(Object value) {
    if (!(value instanceof String s)) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static final class Check {
    final Map<String, Object> content;
    final List<FieldViolation> out = new ArrayList<>();

    Check(Map<String, Object> content) {
      this.content = content;
    }

    void add(String field, String message) {
      out.add(new FieldViolation(field, message));
    }

    private boolean present(String field, boolean required) {
      Object v = content.get(field);
      if (v == null) {
        if (required) {
          add("content." + field, content.containsKey(field) ? "must not be null" : "is required");
        }
        return false;
      }
      return true;
    }

    /** A required string that must not be blank (ids, names). */
    void string(String field, boolean nonBlank) {
      if (!present(field, true)) {
        return;
      }
      Object v = content.get(field);
      if (!(v instanceof String s)) {
        add("content." + field, "must be a string");
      } else if (nonBlank && s.isBlank()) {
        add("content." + field, "must not be blank");
      } else {
        withinIndexedLength(field, s);
      }
    }

    private void withinIndexedLength(String field, String value) {
      Integer max = INDEXED_MAX_LENGTH.get(field);
      if (max != null && value.length() > max) {
        add(
            "content." + field,
            "must be at most " + max + " characters (got " + value.length() + ")");
      }
    }

    /** A required string that may be empty (rationales, summaries, optional bead references). */
    void text(String field) {
      string(field, false);
    }

    void optionalString(String field) {
      if (!present(field, false)) {
        return;
      }
      if (content.get(field) instanceof String s) {
        withinIndexedLength(field, s);
      } else {
        add("content." + field, "must be a string or null");
      }
    }

    void hex64(String field) {
      if (present(field, true) && !BeadId.isWellFormed(String.valueOf(content.get(field)))) {
        add("content." + field, "must be a bead id (64 lower-case hex characters)");
      }
    }

    void enumeration(String field, Set<String> allowed, boolean required) {
      if (!present(field, required)) {
        return;
      }
      Object v = content.get(field);
      if (!(v instanceof String s) || !allowed.contains(s)) {
        add(
            "content." + field,
            "must be one of " + new java.util.TreeSet<>(allowed) + " (got " + v + ")");
      }
    }

    void number(String field, double min, double max) {
      if (!present(field, true)) {
        return;
      }
      Object v = content.get(field);
      if (!(v instanceof Number n)) {
        add("content." + field, "must be a number");
        return;
      }
      double d = n.doubleValue();
      if (!(d >= min && d <= max)) {
        add(
            "content." + field,
            "must be between "
                + CanonicalJson.number(min)
                + " and "
                + CanonicalJson.number(max)
                + " (got "
                + CanonicalJson.number(d)
                + ")");
      }
    }

    void integer(String field) {
      if (!present(field, true)) {
        return;
      }
      Object v = content.get(field);
      if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        add("content." + field, "must be an integer (epoch milliseconds)");
      }
    }

    void bool(String field) {
      if (present(field, true) && !(content.get(field) instanceof Boolean)) {
        add("content." + field, "must be true or false");
      }
    }

    void object(String field, boolean required) {
      if (present(field, required) && !(content.get(field) instanceof Map)) {
        add("content." + field, "must be an object");
      }
    }

    void stringArray(String field, boolean required) {
      if (!present(field, required)) {
        return;
      }
      Object v = content.get(field);
      if (!(v instanceof Collection<?> c) || !c.stream().allMatch(x -> x instanceof String)) {
        add("content." + field, "must be an array of strings");
      }
    }

    void dateTime(String field, boolean required) {
      if (present(field, required) && instant(content.get(field)).isEmpty()) {
        add(
            "content." + field,
            "must be an ISO-8601 date-time with an offset, e.g. 2026-06-10T00:00:00Z");
      }
    }

    /** No unpaired UTF-16 surrogates (they have no UTF-8 form to hash) and bounded nesting. */
    void wellFormed(String path, Object v, int depth) {
      if (depth > MAX_DEPTH) {
        add(path, "is nested deeper than " + MAX_DEPTH + " levels");
        return;
      }
      if (v instanceof String s) {
        if (!isWellFormedUtf16(s)) {
          add(path, "contains an unpaired UTF-16 surrogate");
        }
      } else if (v instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String key = String.valueOf(e.getKey());
          if (!isWellFormedUtf16(key)) {
            add(path, "has a member name with an unpaired UTF-16 surrogate");
          }
          wellFormed(path + "." + key, e.getValue(), depth + 1);
        }
      } else if (v instanceof Collection<?> c) {
        int i = 0;
        for (Object x : c) {
          wellFormed(path + "[" + i++ + "]", x, depth + 1);
        }
      } else if (v instanceof Number n && !Double.isFinite(n.doubleValue())) {
        add(path, "must be a finite number");
      }
    }
  }

  static boolean isWellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
