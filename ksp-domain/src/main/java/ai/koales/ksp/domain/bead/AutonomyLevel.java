package ai.koales.ksp.domain.bead;

/** How much an agent may do on its own, from least to most (core.md §1.1, in this order). */
public enum AutonomyLevel {
  SUGGEST,
  PROPOSE,
  EXECUTE_BOUNDED,
  EXECUTE_FULL;

  public boolean isAbove(AutonomyLevel other) {
    return compareTo(other) > 0;
  }

  public static AutonomyLevel min(AutonomyLevel a, AutonomyLevel b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * The autonomy a trust score earns (core.md §4.2 evaluateTrust): at least 0.9 full execution, 0.7
   * bounded execution, 0.5 propose, below that suggest only.
   */
  public static AutonomyLevel forTrustScore(double score) {
    if (score >= 0.9) {
      return EXECUTE_FULL;
    }
    if (score >= 0.7) {
      return EXECUTE_BOUNDED;
    }
    if (score >= 0.5) {
      return PROPOSE;
    }
    return SUGGEST;
  }

  /** The level named {@code name}, if it is one. */
  public static java.util.Optional<AutonomyLevel> parse(Object name) {
    if (name instanceof String s) {
      for (AutonomyLevel l : values()) {
        if (l.name().equals(s)) {
          return java.util.Optional.of(l);
        }
      }
    }
    return java.util.Optional.empty();
  }
}
