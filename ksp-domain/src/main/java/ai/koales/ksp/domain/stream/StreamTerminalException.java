package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import java.util.Map;

/** An append after the stream's terminal event (edges.md §4.3: later appends are refused). */
public class StreamTerminalException extends KspException {

  private static final long serialVersionUID = 1L;

  private final long tipSeq;

  public StreamTerminalException(String streamId, long tipSeq) {
    super(
        "stream-terminal",
        FailureKind.CONFLICT,
        "Stream '"
            + streamId
            + "' has ended (terminal event at seq "
            + tipSeq
            + "); nothing more may be appended.");
    this.tipSeq = tipSeq;
  }

  public long tipSeq() {
    return tipSeq;
  }

  @Override
  public Map<String, Object> extensions() {
    return Map.of("tipSeq", tipSeq);
  }
}
