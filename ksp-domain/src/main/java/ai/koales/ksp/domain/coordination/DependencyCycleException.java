package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.List;

/**
 * The seeded dependencies form a cycle: its beads could never become ready, so the seed is refused
 * before anything is stored (every edge is a barrier, §1.2).
 */
public class DependencyCycleException extends InvalidInputException {

  private static final long serialVersionUID = 1L;

  public DependencyCycleException(List<String> cycle) {
    super(
        "dependency-cycle",
        List.of(new FieldViolation("beads", "circular dependsOn: " + String.join(" → ", cycle))));
  }
}
