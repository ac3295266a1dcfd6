package ai.koales.ksp.domain.shared;

/**
 * What kind of failure a {@link KspException} is, independent of any transport. The web layer maps
 * each kind to exactly one HTTP status; the Connect gateway and GraphQL map it to their own codes.
 */
public enum FailureKind {
  /** The request is malformed or violates a field rule (HTTP 400). */
  INVALID_INPUT,
  /** No or bad credentials (HTTP 401). */
  UNAUTHENTICATED,
  /** Authenticated, but not allowed to do this (HTTP 403). */
  FORBIDDEN,
  /** The named thing does not exist (HTTP 404). */
  NOT_FOUND,
  /** The request conflicts with the current state (HTTP 409). */
  CONFLICT,
  /** The thing existed but is gone for good (HTTP 410). */
  GONE,
  /** The request body exceeds a documented limit (HTTP 413). */
  PAYLOAD_TOO_LARGE,
  /** Well-formed, but the business rules refuse it (HTTP 422). */
  UNPROCESSABLE,
  /** A dependency needed to answer is unavailable; retry later (HTTP 503). */
  UNAVAILABLE
}
