package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * A bridge point needs the specification a node is about, and the graph ties the node to none: a
 * divergence whose trace {@code diverges_from} no specification (BP4), or an Amendment node without
 * {@code proposes_modification_of} (BP5). Its own code, distinct from the graph's 404 {@code
 * no-active-specification}: here the node exists and the request is refused (422).
 */
public class UnanchoredException extends KspException {

  private static final long serialVersionUID = 1L;

  private UnanchoredException(String code, String message) {
    super(code, FailureKind.UNPROCESSABLE, message);
  }

  /** BP4: the divergence has no trace, or its trace diverges from no specification. */
  public static UnanchoredException divergence(String divergenceId) {
    return new UnanchoredException(
        "unanchored-divergence",
        "divergence "
            + divergenceId
            + " is not tied to a specification: no trace evidences it, or its trace diverges"
            + " from none");
  }

  /** BP5: the Amendment node proposes a modification of no specification. */
  public static UnanchoredException amendment(String amendmentNodeId) {
    return new UnanchoredException(
        "unanchored-amendment",
        "amendment node "
            + amendmentNodeId
            + " is not tied to a specification: it has no proposes_modification_of edge");
  }
}
