/**
 * Stream persistence: the transactional outbox the other contexts write their {@link
 * ai.koales.ksp.domain.stream.DomainEvent}s to, in the same transaction as the change they report
 * (ARCHITECTURE.md "Events and streams"). After commit the outbox is drained into the per-session
 * event buffer.
 */
package ai.koales.ksp.persistence.stream;
