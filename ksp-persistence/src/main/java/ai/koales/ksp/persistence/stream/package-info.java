/**
 * Stream persistence and application services (edges.md §1.8, §4; ARCHITECTURE.md "Events and
 * streams").
 *
 * <ul>
 *   <li>{@link ai.koales.ksp.persistence.stream.EventOutbox} records the {@link
 *       ai.koales.ksp.domain.stream.DomainEvent}s of other contexts in their own transactions;
 *       {@link ai.koales.ksp.persistence.stream.OutboxRelay} moves committed rows into the buffers
 *       right after commit and, once per cluster, any row whose hand-off was lost.
 *   <li>{@link ai.koales.ksp.persistence.stream.EventBuffers} appends (producers and the outbox):
 *       under the {@code buffer_meta} row lock, into {@code buffered_event} and the permanent
 *       {@code session_event_log} in one transaction.
 *   <li>{@link ai.koales.ksp.persistence.stream.StreamReads} replays and heads; {@link
 *       ai.koales.ksp.persistence.stream.LiveStreams} delivers live to WebSocket, SSE and GraphQL
 *       subscribers; {@link ai.koales.ksp.persistence.stream.BufferSweeper} expires buffers, once
 *       per cluster ({@link ai.koales.ksp.persistence.stream.StreamMaintenance}).
 *   <li>{@link ai.koales.ksp.persistence.stream.FactoryReads} reads the factory session model:
 *       {@code session_state}, which the gateway and commissioning write ({@link
 *       ai.koales.ksp.persistence.stream.FactorySessions}), and {@code artifacts}, {@code
 *       artifact_edges} and {@code verification_reports}, which {@link
 *       ai.koales.ksp.persistence.stream.FactoryProjector} projects from KSP's own session events
 *       as they are appended, together with each artifact's {@code artifactWrites} event.
 * </ul>
 *
 * <p>Invariants: seq is gap-free from 1 per session (the row lock is the single writer, the primary
 * keys forbid a duplicate); an outbox row is appended exactly once, in outbox id order (a terminal
 * row after the rows drained with it), and never when its transaction rolled back; nothing follows
 * a terminal event, even after its buffer expired; the permanent log is never deleted; subscribers
 * read by seq from the database, so a lost wake-up delays an event but never drops it; an artifact
 * or edge of the read model carries the org of the stream that reported it, and nobody reads
 * another org's.
 */
package ai.koales.ksp.persistence.stream;
