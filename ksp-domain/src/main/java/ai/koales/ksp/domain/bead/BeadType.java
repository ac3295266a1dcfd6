package ai.koales.ksp.domain.bead;

import java.util.Locale;
import java.util.Optional;

/** The eight bead types of core.md §1.1, by their wire names. */
public enum BeadType {
  POLICY,
  TRUST,
  CONSENT,
  EXECUTION,
  OUTCOME,
  AMENDMENT,
  ESCALATION,
  AUDIT;

  /** The name hashed into bead ids and used on the wire: {@code trust}, {@code policy}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<BeadType> fromWireName(String name) {
    for (BeadType t : values()) {
      if (t.wireName().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Types an operator writes directly (api.md "Beads"); executions and outcomes go through
   * sessions.
   */
  public boolean isGovernance() {
    return this == POLICY
        || this == TRUST
        || this == CONSENT
        || this == ESCALATION
        || this == AMENDMENT;
  }
}
