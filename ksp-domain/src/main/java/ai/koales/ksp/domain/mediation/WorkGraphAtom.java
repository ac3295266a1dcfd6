package ai.koales.ksp.domain.mediation;

import java.util.List;

/**
 * One atom of a work graph (coordination.md §1.7 {@code workgraph_atoms}), as the decomposer
 * persists it and mediation loads it by reference: its gear, the node it implements, tools and
 * invariants it is bound to, its dependencies, and (ours) the instruction text it carries to the
 * agent.
 */
public record WorkGraphAtom(
    String ref,
    String atomId,
    String gearId,
    String nodeId,
    List<String> toolRefs,
    List<String> invariantIds,
    List<String> dependsOn,
    String d1ArtifactRef,
    String instruction) {

  public WorkGraphAtom {
    toolRefs = toolRefs == null ? List.of() : List.copyOf(toolRefs);
    invariantIds = invariantIds == null ? List.of() : List.copyOf(invariantIds);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
  }
}
