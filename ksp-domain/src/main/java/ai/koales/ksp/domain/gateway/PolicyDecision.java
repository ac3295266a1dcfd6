package ai.koales.ksp.domain.gateway;

import java.util.Map;
import java.util.Objects;

/**
 * A policy decision point's answer: permitted, or denied with a reason that the caller sees
 * (edges.md §2.2, Connect {@code permission_denied}).
 */
public record PolicyDecision(boolean permitted, String reason) {

  /** The reason when the PDP did not answer within its one budget. */
  public static final String TIMED_OUT = "PDP request timed out (3s)";

  /** The reason when a PDP's refusal names none. */
  public static final String NO_REASON = "DENY (no reason provided)";

  public PolicyDecision {
    reason = reason == null ? "" : reason;
  }

  public static PolicyDecision permit() {
    return new PolicyDecision(true, "");
  }

  public static PolicyDecision deny(String reason) {
    return new PolicyDecision(false, Objects.requireNonNull(reason, "reason"));
  }

  /**
   * An HTTP PDP's answer (§2.2): permitted only when the status is 2xx AND the body's {@code
   * permitted} is the JSON boolean {@code true} (the string {@code "true"} is a denial); otherwise
   * "PDP returned HTTP n" for a non-2xx status, else the body's {@code reason}, else {@link
   * #NO_REASON}.
   *
   * @param body the parsed JSON body, or null when it was not JSON
   */
  public static PolicyDecision ofHttpAnswer(int status, Object body) {
    if (status < 200 || status > 299) {
      return deny("PDP returned HTTP " + status);
    }
    Map<?, ?> m = body instanceof Map<?, ?> map ? map : Map.of();
    if (Boolean.TRUE.equals(m.get("permitted"))) {
      return permit();
    }
    return deny(m.get("reason") instanceof String r && !r.isBlank() ? r : NO_REASON);
  }

  /** The PDP could not be reached or its answer not read. */
  public static PolicyDecision networkError(String detail) {
    return deny("PDP network error: " + detail);
  }
}
