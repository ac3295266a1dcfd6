package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * A producer's token is missing or is not the HMAC of the addressed stream id, or no producer
 * secret is configured at all (edges.md §3.2, fail closed).
 */
public class BadProducerTokenException extends KspException {

  private static final long serialVersionUID = 1L;

  public BadProducerTokenException(String detail) {
    super("bad-producer-token", FailureKind.UNAUTHENTICATED, detail);
  }
}
