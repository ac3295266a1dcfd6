/**
 * Gateway, persistence side (edges.md §2.1, §2.2, §3.4, §3.11): the application service behind the
 * Connect gateway ({@link ai.koales.ksp.persistence.gateway.FactoryGatewayService}), the policy
 * decision point adapters ({@link ai.koales.ksp.persistence.gateway.HttpPolicyDecisionPoint}, or
 * the configured actor types) and the gateway's configuration ({@code ksp.gateway.*}).
 *
 * <p>Invariants: a submission is checked in the order of §2.1 (envelope, signature, caller's org,
 * PDP, routing) and nothing is written before every check passed, so a refused submission creates
 * no session; the PDP is called outside any transaction, once, within one 3 s budget, and its
 * failures are denials; routing is the org's commissioning ({@link
 * ai.koales.ksp.persistence.commissioning.CommissioningService}), in one transaction with the
 * session's read model; a stream is served durable log first and then live through {@link
 * ai.koales.ksp.persistence.stream.LiveStreams}, by seq, so it has no gap and no duplicate.
 */
package ai.koales.ksp.persistence.gateway;
