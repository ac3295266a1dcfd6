package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * A bounded-path walk would have to hold more partial paths than {@link
 * BoundedPathWalk#MAX_PARTIAL_PATHS}: the pattern is too unselective for this graph (422 {@code
 * path-too-broad}). Narrow it with target types.
 */
public class PathTooBroadException extends KspException {

  private static final long serialVersionUID = 1L;

  public PathTooBroadException(int step, int partialPaths) {
    super(
        "path-too-broad",
        FailureKind.UNPROCESSABLE,
        "Step "
            + step
            + " of the path matches "
            + partialPaths
            + " partial paths, more than "
            + BoundedPathWalk.MAX_PARTIAL_PATHS
            + "; add target types to narrow it.");
  }
}
