package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FieldViolation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed members out of a parsed JSON object (plain Java values: Map, List, String, Number,
 * Boolean, null), collecting every violation with its dotted path instead of stopping at the first.
 */
final class FieldReader {

  private final Map<String, Object> object;
  private final String prefix;
  private final List<FieldViolation> violations;

  FieldReader(Map<String, Object> object, String prefix, List<FieldViolation> violations) {
    this.object = object;
    this.prefix = prefix;
    this.violations = violations;
  }

  /** A reader over {@code value}, or a violation at {@code path} when it is not an object. */
  @SuppressWarnings("unchecked")
  static Optional<FieldReader> of(Object value, String path, List<FieldViolation> violations) {
    if (value instanceof Map<?, ?> m) {
      return Optional.of(new FieldReader((Map<String, Object>) m, path, violations));
    }
    violations.add(new FieldViolation(path.isEmpty() ? "(root)" : path, "must be an object"));
    return Optional.empty();
  }

  String path(String field) {
    return prefix.isEmpty() ? field : prefix + "." + field;
  }

  List<FieldViolation> violations() {
    return violations;
  }

  java.util.Set<Map.Entry<String, Object>> entries() {
    return object.entrySet();
  }

  boolean has(String field) {
    return object.get(field) != null;
  }

  Object raw(String field) {
    return object.get(field);
  }

  void violation(String field, String message) {
    violations.add(new FieldViolation(path(field), message));
  }

  /** A string; required ones must be present and, like all given ones, not blank. */
  String text(String field, boolean required) {
    Object v = object.get(field);
    if (v == null) {
      if (required) {
        violation(field, "is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      violation(field, "must be a string");
      return null;
    }
    if (s.isBlank()) {
      violation(field, "must not be blank");
      return null;
    }
    return s;
  }

  /** An array of strings; absent gives {@code fallback} (or a violation when required). */
  List<String> texts(String field, boolean required, List<String> fallback) {
    Object v = object.get(field);
    if (v == null) {
      if (required) {
        violation(field, "is required");
      }
      return fallback;
    }
    if (!(v instanceof Collection<?> c)) {
      violation(field, "must be an array of strings");
      return fallback;
    }
    List<String> out = new ArrayList<>(c.size());
    int i = 0;
    for (Object x : c) {
      if (!(x instanceof String s) || s.isBlank()) {
        violations.add(
            new FieldViolation(path(field) + "[" + i + "]", "must be a non-blank string"));
      } else {
        out.add(s);
      }
      i++;
    }
    return List.copyOf(out);
  }

  /** An array (of anything); absent gives {@code null} (or a violation when required). */
  List<?> array(String field, boolean required) {
    Object v = object.get(field);
    if (v == null) {
      if (required) {
        violation(field, "is required");
      }
      return null;
    }
    if (!(v instanceof List<?> l)) {
      violation(field, "must be an array");
      return null;
    }
    return l;
  }

  Optional<FieldReader> object(String field, boolean required) {
    Object v = object.get(field);
    if (v == null) {
      if (required) {
        violation(field, "is required");
      }
      return Optional.empty();
    }
    return of(v, path(field), violations);
  }

  /** A whole number within [min, max]; absent gives {@code fallback}. */
  Long integer(String field, boolean required, long min, long max, Long fallback) {
    Object v = object.get(field);
    if (v == null) {
      if (required) {
        violation(field, "is required");
      }
      return fallback;
    }
    if (!(v instanceof Number n) || !isWhole(n)) {
      violation(field, "must be a whole number");
      return fallback;
    }
    long l = n.longValue();
    if (l < min || l > max) {
      violation(field, "must be between " + min + " and " + max + " (got " + l + ")");
      return fallback;
    }
    return l;
  }

  Double number(String field, boolean required, double min, double max, Double fallback) {
    Object v = object.get(field);
    if (v == null) {
      if (required) {
        violation(field, "is required");
      }
      return fallback;
    }
    if (!(v instanceof Number n)) {
      violation(field, "must be a number");
      return fallback;
    }
    double d = n.doubleValue();
    if (!(d >= min && d <= max)) {
      violation(field, "must be between " + min + " and " + max);
      return fallback;
    }
    return d;
  }

  Boolean bool(String field, boolean required, Boolean fallback) {
    Object v = object.get(field);
    if (v == null) {
      if (required) {
        violation(field, "is required");
      }
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      violation(field, "must be true or false");
      return fallback;
    }
    return b;
  }

  /** One of {@code allowed} (exact spelling); absent gives {@code fallback}. */
  String oneOf(String field, boolean required, List<String> allowed, String fallback) {
    Object v = object.get(field);
    if (v == null) {
      if (required) {
        violation(field, "is required");
      }
      return fallback;
    }
    if (!(v instanceof String s) || !allowed.contains(s)) {
      violation(field, "must be one of " + String.join(", ", allowed) + " (got " + v + ")");
      return fallback;
    }
    return s;
  }

  private static boolean isWhole(Number n) {
    if (n instanceof BigDecimal bd) {
      return bd.stripTrailingZeros().scale() <= 0;
    }
    double d = n.doubleValue();
    return d == Math.rint(d) && !Double.isInfinite(d);
  }
}
