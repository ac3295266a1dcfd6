/**
 * Stream, web side (api.md "Streams", edges.md §2.3, §3.1-3.2, §4): producers append over REST with
 * their HMAC token ({@link ai.koales.ksp.web.stream.ProducerTokenFilter}); readers replay, read the
 * head, and follow a stream over Server-Sent Events or WebSocket ({@link
 * ai.koales.ksp.web.stream.StreamSocket}).
 *
 * <p>Invariants: a stream id is checked ({@code [A-Za-z0-9_-]{1,128}}) before any buffer is
 * addressed; a producer without a valid token stores nothing; every reader needs a KSP role and,
 * for a stream that belongs to an org, that org; live connections deliver by seq after the client's
 * cursor, replay then live, without gap or duplicate.
 */
package ai.koales.ksp.web.stream;
