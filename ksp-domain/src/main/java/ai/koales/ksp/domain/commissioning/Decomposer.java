package ai.koales.ksp.domain.commissioning;

import ai.koales.ksp.domain.mediation.WorkGraphAtom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deterministic decomposer (coordination.md §6, Q4): one work-graph atom per acceptance
 * criterion of the intent specification, in order, each bound to invariant {@code INV-{n}} and
 * depending on the previous one; the atom's instruction is its criterion's text. Mediation needs
 * references to persisted atoms, so these are stored before the emit (P19).
 */
public final class Decomposer {

  private Decomposer() {}

  public static List<WorkGraphAtom> decompose(
      Map<String, Object> intentSpecification, String gearId) {
    String isId = String.valueOf(intentSpecification.get("id"));
    List<?> criteria = (List<?>) intentSpecification.get("acceptanceCriteria");
    List<WorkGraphAtom> atoms = new ArrayList<>();
    String previous = null;
    for (int n = 1; n <= criteria.size(); n++) {
      String atomId = "WG-" + isId + "-ATOM-" + n;
      atoms.add(
          new WorkGraphAtom(
              atomId,
              atomId,
              gearId,
              isId,
              List.of(),
              List.of("INV-" + n),
              previous == null ? List.of() : List.of(previous),
              isId,
              String.valueOf(criteria.get(n - 1))));
      previous = atomId;
    }
    return atoms;
  }
}
