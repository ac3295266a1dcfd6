package ai.koales.ksp.domain.coordination;

import java.util.List;

/** One bead of a seed request (§4.1 seed): its id, gear, artifact node, payload and parents. */
public record BeadSeed(
    String id, String gearId, String nodeId, Object payload, List<String> dependsOn) {
  public BeadSeed {
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
  }
}
