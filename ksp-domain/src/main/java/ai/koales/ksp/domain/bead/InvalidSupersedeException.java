package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.KspException;
import java.util.List;

/**
 * A supersede (or a consent's {@code revokes}) that would change what the replaced bead is about
 * (its type, subject, scope or role), break the amendment state machine, or name a bead that is not
 * there to replace.
 */
public class InvalidSupersedeException extends KspException {

  private static final long serialVersionUID = 1L;

  public InvalidSupersedeException(String message) {
    super("invalid-supersede", FailureKind.UNPROCESSABLE, message);
  }

  /**
   * The same failure, naming the request field at fault ({@code supersedes}, {@code
   * content.revokes}).
   */
  public InvalidSupersedeException(String field, String message) {
    super(
        "invalid-supersede",
        FailureKind.UNPROCESSABLE,
        message,
        List.of(new FieldViolation(field, message)),
        null);
  }
}
