/**
 * Artifact graph persistence and its application service, {@link
 * ai.koales.ksp.persistence.artifact.ArtifactGraphService} (core.md §1.3, §4.3, §7).
 *
 * <p>Tables {@code artifact_node} (key {@code (graph_key, id)}) and {@code artifact_edge} (key
 * {@code (graph_key, source, target, rel)}, foreign keys to both ends in the same graph, cascade;
 * migration {@code V4__artifact_graph.sql}). Invariants kept here:
 *
 * <ul>
 *   <li><b>INV-AG-006</b> single writer: every write transaction first locks the partition row
 *       {@code (artifact, graph key)} FOR UPDATE; reads take no lock. Under that lock "find, then
 *       insert or update" is race-free, and each graph's {@code seq} counters (write order) are
 *       gap-free and unique.
 *   <li><b>INV-AG-002 / 004</b> the primary key and the foreign keys back the domain's checks: even
 *       a writer that bypassed the service could not store a second edge per triple or a dangling
 *       edge.
 *   <li><b>INV-AG-003</b> every node is written with {@code ns = factory}; callers cannot name it.
 *   <li><b>INV-AG-005</b> every operation joins the caller's JTA transaction, so a successor
 *       Specification and its {@code version_of} edge (and the loop's beads) commit together.
 * </ul>
 *
 * <p>Lock order for callers that also write beads in the same transaction: the bridge points write
 * the artifact graph before the bead graph (INV-LC-003), so they take the artifact partition lock
 * first; keeping that order everywhere avoids deadlocks between the two partitions.
 */
package ai.koales.ksp.persistence.artifact;
