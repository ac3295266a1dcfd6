package ai.koales.ksp.domain.shared;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Root of every business failure in KSP. Unchecked, because a failure aborts the use case and its
 * transaction; the edge turns it into one RFC 9457 problem.
 */
public class KspException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final FailureKind kind;
  private final List<FieldViolation> violations;

  public KspException(String code, FailureKind kind, String message) {
    this(code, kind, message, List.of(), null);
  }

  public KspException(String code, FailureKind kind, String message, Throwable cause) {
    this(code, kind, message, List.of(), cause);
  }

  public KspException(
      String code,
      FailureKind kind,
      String message,
      List<FieldViolation> violations,
      Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.violations = List.copyOf(violations);
  }

  /**
   * The stable problem code, e.g. {@code bead-integrity}; the API's type is urn:ksp:problem:code.
   */
  public String code() {
    return code;
  }

  public FailureKind kind() {
    return kind;
  }

  /** Field-level violations, empty unless the failure is about individual fields. */
  public List<FieldViolation> violations() {
    return violations;
  }

  /**
   * Extra members of the problem that a caller needs to act (e.g. {@code fromSeq} when a replay
   * window has expired). Values are JSON-like: strings, numbers, booleans, lists and maps.
   */
  public Map<String, Object> extensions() {
    return Map.of();
  }
}
