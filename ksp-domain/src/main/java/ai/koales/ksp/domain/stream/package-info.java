/**
 * Stream: what the other contexts tell the outside world, live and in order (edges.md §1.1, §1.5,
 * §4).
 *
 * <p>A {@link ai.koales.ksp.domain.stream.DomainEvent} is written to the outbox in the same
 * transaction as the change it reports, and appended after commit to the per-session event buffer,
 * where it gets its sequence number. Invariants: seq is gap-free from 1 per session and assigned
 * under the buffer row's lock; nothing is appended after a terminal event.
 */
package ai.koales.ksp.domain.stream;
