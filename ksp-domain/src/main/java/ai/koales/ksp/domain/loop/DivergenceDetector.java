package ai.koales.ksp.domain.loop;

import java.util.List;
import java.util.Optional;

/** Finds where an execution's trace contradicts its specification (core.md §4.5). */
public interface DivergenceDetector {

  /** The divergences the trace shows; none when there is no trace. */
  List<DetectedDivergence> detect(Optional<TraceFacts> trace);
}
