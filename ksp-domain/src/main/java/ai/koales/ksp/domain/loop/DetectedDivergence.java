package ai.koales.ksp.domain.loop;

import java.util.Objects;

/** A claim of the specification that an execution's trace contradicts (core.md §1.5). */
public record DetectedDivergence(String claimId, String description, Severity severity) {
  public DetectedDivergence {
    Objects.requireNonNull(claimId, "claimId");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(severity, "severity");
  }
}
