/**
 * Gateway, web side: the Connect gateway at {@code /weops.factory.v1.FactoryGateway/*} (edges.md
 * §1.1, §2.1, §4.6, §4.8, §5), a servlet that speaks the Connect protocol over HTTP/1.1 with
 * protobuf JSON ({@code JsonFormat}) or binary, with the messages generated from {@code
 * src/main/proto/weops/factory/v1/factory.proto}.
 *
 * <p>Invariants: every call needs a bearer JWT with a KSP role, and writes need {@code
 * ksp-operator} or {@code ksp-admin}; a submission is refused with an HTTP error status (and
 * creates no session) before its stream opens; once a stream answered 200 it only ever ends with an
 * end-of-stream frame ({@code {}} after the terminal event, else an error), never with another
 * status; SessionEvents carry the buffer's seq in order, without gap or duplicate, filtered (never
 * renumbered) by the stream mode.
 */
package ai.koales.ksp.web.gateway;
