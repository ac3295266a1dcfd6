package ai.koales.ksp.domain.stream;

import java.util.List;

/**
 * What a replay answers (edges.md §1.5, §4.7): the rows after the cursor in ascending seq, the
 * buffer's tip and terminal flag read in the same snapshot, always as an object. {@code truncated}
 * says the row limit was reached: ask again after the last row's seq for the rest.
 */
public record ReplayEnvelope(
    List<BufferedEvent> rows, long tipSeq, boolean terminal, boolean truncated) {

  public ReplayEnvelope {
    rows = List.copyOf(rows);
  }
}
