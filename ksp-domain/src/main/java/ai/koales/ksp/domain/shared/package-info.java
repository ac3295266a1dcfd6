/**
 * The shared kernel: what every bounded context speaks.
 *
 * <ul>
 *   <li>{@link ai.koales.ksp.domain.shared.KspException} is the one root of the error vocabulary.
 *       Every business failure is an unchecked subclass named for the failure ({@code
 *       BeadIntegrityException}, {@code AutonomyDegradedException}, ...), carries a stable problem
 *       {@code code} (the suffix of {@code urn:ksp:problem:{code}} in the public API) and a {@link
 *       ai.koales.ksp.domain.shared.FailureKind}; the web layer maps the kind to an HTTP status.
 *   <li>{@link ai.koales.ksp.domain.shared.Ids} holds the id rules of the public contract: path ids
 *       match {@code [A-Za-z0-9_.:-]{1,200}} and org ids never contain {@code ':'} (core.md §6 item
 *       16: cache prefixes such as {@code ks:{org}:} must not match another org).
 * </ul>
 */
package ai.koales.ksp.domain.shared;
