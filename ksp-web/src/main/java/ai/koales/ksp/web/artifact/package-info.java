/**
 * The artifact graph's REST boundary (api.md "Artifact graph"): {@code
 * /api/v1/orgs/{org}/graphs/{graph}/...}, graph key {@code {org}:{graph}}. Resources are thin:
 * request -> domain values -> one {@link ai.koales.ksp.persistence.artifact.ArtifactGraphService}
 * call -> view records.
 *
 * <p>Invariants: reads need any KSP role, writes {@code ksp-operator}, {@code ksp-agent} or {@code
 * ksp-admin}; the org must be in the token's orgs claim (platform filters). {@code ns} is never
 * read from a request (INV-AG-003). Times are RFC 3339. A node's data and an edge's props are at
 * most {@code ksp.artifact.max-data-bytes} of JSON (413 {@code payload-too-large}); a request body
 * declared larger than that plus {@link ai.koales.ksp.web.artifact.LimitedBody#ENVELOPE_BYTES} is
 * refused before it is read.
 */
package ai.koales.ksp.web.artifact;
