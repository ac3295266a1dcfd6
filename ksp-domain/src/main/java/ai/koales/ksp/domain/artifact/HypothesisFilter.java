package ai.koales.ksp.domain.artifact;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The governance filters of {@code GET /query/hypothesis} (core.md §5; §6 item 15), combined with
 * AND; a null filter matches everything.
 *
 * <ul>
 *   <li>{@code status}, {@code severity}: equal to {@code data.status}, {@code data.severity}.
 *   <li>{@code surfaced}: compared with {@code data.surfacedToLinear}; the query value is true only
 *       for the literal {@code true}, as in the original. A hypothesis without the flag has not
 *       been surfaced (the flag starts false, core.md §3), so it matches {@code surfaced=false}.
 *   <li>{@code surfacedCycleCountAtLeast}: {@code data.surfacedCycleCount >= n}; an unparsable
 *       bound is ignored (scenario 24). A hypothesis without a count has been surfaced in 0 cycles.
 *       The query names it {@code surfacedCycleCount_gte}, or {@code minSurfacedCycleCount} (§6
 *       item 15).
 * </ul>
 */
public record HypothesisFilter(
    String status, String severity, Boolean surfaced, Integer surfacedCycleCountAtLeast) {

  public static final HypothesisFilter ANY = new HypothesisFilter(null, null, null, null);

  /** The filter of the query parameters as given (null = parameter absent). */
  public static HypothesisFilter fromQuery(
      String status, String severity, String surfaced, String surfacedCycleCountGte) {
    return fromQuery(status, severity, surfaced, surfacedCycleCountGte, null);
  }

  /**
   * As {@link #fromQuery(String, String, String, String)}, also reading {@code
   * minSurfacedCycleCount}, the name the original's callers used (core.md §6 item 15, where the
   * original ignored it): an alias of {@code surfacedCycleCount_gte}, which wins when both are
   * integers.
   */
  public static HypothesisFilter fromQuery(
      String status,
      String severity,
      String surfaced,
      String surfacedCycleCountGte,
      String minSurfacedCycleCount) {
    Integer bound = parseIntOrNull(surfacedCycleCountGte);
    return new HypothesisFilter(
        blankToNull(status),
        blankToNull(severity),
        surfaced == null ? null : Boolean.valueOf("true".equals(surfaced)),
        bound != null ? bound : parseIntOrNull(minSurfacedCycleCount));
  }

  public boolean matches(ArtifactNode node) {
    if (!NodeTypes.HYPOTHESIS.equals(node.type())) {
      return false;
    }
    if (status != null && !Objects.equals(status, node.get("status"))) {
      return false;
    }
    if (severity != null && !Objects.equals(severity, node.get("severity"))) {
      return false;
    }
    if (surfaced != null && surfaced != Boolean.TRUE.equals(node.get("surfacedToLinear"))) {
      return false;
    }
    return surfacedCycleCountAtLeast == null
        || cycleCount(node.get("surfacedCycleCount"))
                .compareTo(BigDecimal.valueOf(surfacedCycleCountAtLeast))
            >= 0;
  }

  private static BigDecimal cycleCount(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (value instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException notANumber) {
        return BigDecimal.ZERO;
      }
    }
    return BigDecimal.ZERO;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Integer parseIntOrNull(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Integer.valueOf(s.trim());
    } catch (NumberFormatException unparsable) {
      return null;
    }
  }
}
