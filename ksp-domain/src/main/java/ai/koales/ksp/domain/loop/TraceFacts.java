package ai.koales.ksp.domain.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an execution trace says about an atom, as BP3 stores it on the ExecutionTrace node (core.md
 * §6 item 11: the detector's inputs are carried into the trace): the atom, its outcome, whether its
 * attempts are exhausted, and the invariant detectors that fired.
 */
public record TraceFacts(
    String atomId,
    String outcome,
    boolean attemptsExhausted,
    List<DetectorFiring> detectorFirings) {

  public TraceFacts {
    detectorFirings = List.copyOf(detectorFirings);
  }

  /** One invariant detector that fired. */
  public record DetectorFiring(String invId, String severity, String message) {}

  /**
   * Reads the facts from a trace node's data (members {@code atom_id, outcome, attempts_exhausted,
   * detector_firings}).
   */
  public static TraceFacts fromNodeData(Map<String, ?> data) {
    List<DetectorFiring> firings = new ArrayList<>();
    if (data.get("detector_firings") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> f) {
          Object id = f.get("inv_id") != null ? f.get("inv_id") : f.get("invId");
          firings.add(new DetectorFiring(str(id), str(f.get("severity")), str(f.get("message"))));
        }
      }
    }
    return new TraceFacts(
        str(data.get("atom_id")),
        str(data.get("outcome")),
        Boolean.TRUE.equals(data.get("attempts_exhausted")),
        firings);
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
