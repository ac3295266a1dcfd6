package ai.koales.ksp.domain.gateway;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/** The envelope's signature is missing, wrong or cannot be checked (Connect unauthenticated). */
public class EnvelopeSignatureException extends KspException {

  private static final long serialVersionUID = 1L;

  public EnvelopeSignatureException(String message) {
    super("invalid-envelope-signature", FailureKind.UNAUTHENTICATED, message);
  }
}
