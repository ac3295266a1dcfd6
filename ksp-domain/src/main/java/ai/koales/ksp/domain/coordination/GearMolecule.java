package ai.koales.ksp.domain.coordination;

import java.util.List;

/**
 * A molecule of a run (coordination.md §1.3 GearMolecule): the beads seeded under one molecule id,
 * and the formula they follow when their seed named one. Its status is derived from its beads:
 * {@code done} when every bead is DONE, {@code failed} as soon as one is FAILED (it can no longer
 * be done), {@code active} otherwise.
 *
 * <p>Its id is the molecule id the beads carry ({@code WG-{workGraphId}} for compiled runs, §1.2),
 * not a separate {@code MOLECULE-} id: one name per molecule, the one agents and Mediation use.
 */
public record GearMolecule(
    String runId, String moleculeId, String formulaId, List<String> beadIds, String status) {

  public GearMolecule {
    beadIds = List.copyOf(beadIds);
  }

  /** §1.3 status from the molecule's bead statuses. */
  public static String statusOf(List<BeadStatus> beads) {
    if (beads.stream().anyMatch(s -> s == BeadStatus.FAILED)) {
      return "failed";
    }
    if (!beads.isEmpty() && beads.stream().allMatch(s -> s == BeadStatus.DONE)) {
      return "done";
    }
    return "active";
  }
}
