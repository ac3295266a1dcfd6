package ai.koales.ksp.domain.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The factory's detector (core.md §4.5): each detector firing is a divergence of its invariant
 * (critical stays critical, warning is medium, anything else low); an atom that failed or timed out
 * with its attempts exhausted is a high-severity divergence of the atom's own outcome claim.
 */
public final class FactoryDivergenceDetector implements DivergenceDetector {

  @Override
  public List<DetectedDivergence> detect(Optional<TraceFacts> trace) {
    if (trace.isEmpty()) {
      return List.of();
    }
    TraceFacts t = trace.get();
    List<DetectedDivergence> out = new ArrayList<>();
    for (TraceFacts.DetectorFiring f : t.detectorFirings()) {
      Severity s =
          switch (String.valueOf(f.severity())) {
            case "critical" -> Severity.CRITICAL;
            case "warning" -> Severity.MEDIUM;
            default -> Severity.LOW;
          };
      out.add(
          new DetectedDivergence(
              String.valueOf(f.invId()), f.message() == null ? "" : f.message(), s));
    }
    if (t.attemptsExhausted() && "failure".equals(t.outcome())) {
      out.add(
          new DetectedDivergence(
              "claim-atom-outcome-" + t.atomId(),
              "atom " + t.atomId() + " failed with its attempts exhausted",
              Severity.HIGH));
    } else if (t.attemptsExhausted() && "timeout".equals(t.outcome())) {
      out.add(
          new DetectedDivergence(
              "claim-atom-timeout-" + t.atomId(),
              "atom " + t.atomId() + " timed out with its attempts exhausted",
              Severity.HIGH));
    }
    return out;
  }
}
