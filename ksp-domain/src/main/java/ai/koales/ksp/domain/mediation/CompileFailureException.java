package ai.koales.ksp.domain.mediation;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import java.util.Map;

/**
 * A commission that is well formed but cannot be compiled (coordination.md §4.4): 422 with the
 * spec's reason as code ({@code missing-gear}, {@code invalid-workgraph-node}, {@code
 * coherence-failure}, {@code missing-eluciation}, {@code coordinator-seed-failed}).
 */
public class CompileFailureException extends KspException {

  private static final long serialVersionUID = 1L;

  /** The spec's reasons, with their wire codes. */
  public enum Reason {
    MISSING_GEAR("missing-gear"),
    INVALID_WORKGRAPH_NODE("invalid-workgraph-node"),
    COHERENCE_FAILURE("coherence-failure"),
    MISSING_ELUCIATION("missing-eluciation"),
    COORDINATOR_SEED_FAILED("coordinator-seed-failed");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    /** The spec's snake_case name (CommissionResponse.reason). */
    public String specName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Reason reason;

  public CompileFailureException(Reason reason, String details) {
    super(reason.code(), FailureKind.UNPROCESSABLE, details);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public Map<String, Object> extensions() {
    return Map.of("status", "failed", "reason", reason.specName(), "details", getMessage());
  }
}
