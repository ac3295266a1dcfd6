/**
 * Gateway: the rules of the Connect gateway's front door (edges.md §1.1, §1.2, §2.1, §2.2, §3.4,
 * §3.11), independent of the wire format.
 *
 * <p>A submission passes, in this order and failing closed at the first refusal (§2.1): the
 * envelope validator I-EXT-01 ({@link ai.koales.ksp.domain.gateway.WgspEnvelope#validate}: schema
 * version exactly {@code 1.0.0}, a non-blank actor type, a purpose id starting {@code BCO-}); the
 * envelope signature ({@link ai.koales.ksp.domain.gateway.EnvelopeSignature}, §3.4: HMAC-SHA256 of
 * the RFC 8785 canonical JSON of the decoded work graph without its {@code signature} member,
 * compared in constant time; no key means no submission); the caller's org; the policy decision
 * point ({@link ai.koales.ksp.domain.gateway.PolicyDecisionPoint}, §2.2: permit only on an explicit
 * yes, never throws); and routing to the org's commissioning ({@link
 * ai.koales.ksp.domain.gateway.Submission}, §2.2). Nothing is written before the last check passed:
 * a refused submission creates no session.
 *
 * <p>Cancel and review acknowledgements reach the session the submit created; the commissioning
 * context's refusal is an answer ({@link ai.koales.ksp.domain.gateway.GatewayReply accepted:false
 * with the reason}, §8 Q11), not an error.
 */
package ai.koales.ksp.domain.gateway;
