package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import java.util.Map;

/**
 * A node's data or an edge's props exceed the configured size (413 {@code payload-too-large}). The
 * limit keeps one graph write from monopolising the partition lock and the heap of every reader.
 */
public class ArtifactDataTooLargeException extends KspException {

  private static final long serialVersionUID = 1L;

  private final long limitBytes;

  public ArtifactDataTooLargeException(String what, long sizeBytes, long limitBytes) {
    super(
        "payload-too-large",
        FailureKind.PAYLOAD_TOO_LARGE,
        what
            + " is "
            + sizeBytes
            + " bytes of JSON; at most "
            + limitBytes
            + " bytes are accepted.");
    this.limitBytes = limitBytes;
  }

  @Override
  public Map<String, Object> extensions() {
    return Map.of("limitBytes", limitBytes);
  }
}
