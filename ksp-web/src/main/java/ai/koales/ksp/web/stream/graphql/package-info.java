/**
 * Stream, GraphQL side (edges.md §1.7, §2.4, §4.4): the factory read model as seven queries, and
 * the session buffers as three subscriptions over {@code graphql-transport-ws}.
 *
 * <p>Invariants: every operation needs a JWT with a KSP role (HTTP: {@code Authorization}; WS:
 * {@code connection_init}); the org rule applies to sessions, their artifacts and runs;
 * subscription objects are filled from the buffered event, never from placeholders; a subscription
 * resumes after the client's last seq ({@code extensions.lastSeq}), replays, then goes live without
 * gap or duplicate; errors carry a code in {@code extensions}, never "System error".
 */
package ai.koales.ksp.web.stream.graphql;
