package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * No buffer, no durable log and no session record exist for the stream id (edges.md §8 Q17: not
 * found, where the original answered REPLAY_UNAVAILABLE).
 */
public class UnknownStreamException extends KspException {

  private static final long serialVersionUID = 1L;

  public UnknownStreamException(String streamId) {
    super("stream-not-found", FailureKind.NOT_FOUND, "No stream '" + streamId + "' exists.");
  }
}
