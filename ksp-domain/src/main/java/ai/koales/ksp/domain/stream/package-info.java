/**
 * Stream: what the other contexts tell the outside world, live and in order (edges.md §1.1, §1.5,
 * §1.7, §4).
 *
 * <p>A {@link ai.koales.ksp.domain.stream.DomainEvent} is written to the outbox in the same
 * transaction as the change it reports, and appended after commit to the session's {@link
 * ai.koales.ksp.domain.stream.EventBuffer}, where it gets its sequence number; external producers
 * append an {@link ai.koales.ksp.domain.stream.EventWrite} signed with a {@link
 * ai.koales.ksp.domain.stream.ProducerTokens producer token}.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>seq is gap-free from 1 per session, assigned only under the buffer row's lock, and shared
 *       by REST, WebSocket, SSE, GraphQL and the gateway (edges §4.1);
 *   <li>nothing is appended after a terminal event (edges §4.3, 409 {@code stream-terminal});
 *   <li>a buffer lives {@link ai.koales.ksp.domain.stream.ExpiryPolicy 5 min after its terminal
 *       event, else 30 min after its last write}; afterwards an unfinished session answers {@link
 *       ai.koales.ksp.domain.stream.ReplayUnavailableException REPLAY_UNAVAILABLE}, a finished one
 *       replays from the durable log, and an id nobody knows is {@link
 *       ai.koales.ksp.domain.stream.UnknownStreamException not found} (edges §4.5, Q8, Q17);
 *   <li>a commissioning session's stream ends after the run it compiled, once that run's outcomes
 *       and their follow-ups are on it ({@code SESSION_COMPLETED} / {@code SESSION_FAILED}); a run
 *       made directly never ends its own stream (reading of coordination.md §3.1, §3.3 and edges.md
 *       §4.3: a terminal run is reopened by seeding and its agents still report BP4/BP5 to it,
 *       which a terminal event would refuse), so it expires as an unfinished session;
 *   <li>replays are filtered by stream and scope and always answer an object with the tip read in
 *       the same snapshot (edges §4.7).
 * </ul>
 */
package ai.koales.ksp.domain.stream;
