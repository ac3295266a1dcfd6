/**
 * Artifact graph: the typed, directed graph of specifications, executions, traces, divergences,
 * hypotheses, amendments, verdicts and elucidation artifacts that the loop closes over (core.md
 * §1.3, §4.3). One graph per {@link ai.koales.ksp.domain.artifact.GraphKey} ({@code
 * {org}:{graph}}).
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li><b>INV-AG-001</b> append-only by convention: nothing here deletes a node or an edge; a
 *       correction is a new node with a {@code corrects} edge. An upsert replaces a node's data
 *       (and {@code updated}) only, never its type or {@code created} ({@link
 *       ai.koales.ksp.domain.artifact.ArtifactNode#replaceData}). An upsert that names another type
 *       than the stored one is refused (409 {@code node-type-conflict}, which api.md does not list)
 *       rather than applied with the stored type kept, as the original's {@code ON CONFLICT} did
 *       silently: the data a caller writes for one type would otherwise land in a node of another,
 *       and readers that select by type (the active specification, the hypothesis query, the loop's
 *       bridge reads) would take it for what it is not. Nothing is written; the problem names the
 *       existing type.
 *   <li><b>INV-AG-002</b> one edge per (source, target, rel); its id is {@code source::rel::target}
 *       and a repeated upsert replaces its props.
 *   <li><b>INV-AG-003</b> {@code ns} is the {@link ai.koales.ksp.domain.artifact.DomainConfig}
 *       namespace ({@code factory}), never supplied by a caller.
 *   <li><b>INV-AG-004</b> both ends of an edge exist in the same graph ({@link
 *       ai.koales.ksp.domain.artifact.UnknownNodeException} otherwise).
 *   <li><b>INV-AG-005</b> a successor Specification and its {@code version_of} edge are written in
 *       one transaction by the caller; every operation of the application service joins the
 *       caller's transaction.
 *   <li><b>INV-AG-006</b> single writer per graph key: every write transaction first locks the
 *       graph's partition row; reads take no lock.
 * </ul>
 *
 * <p>Walks ({@link ai.koales.ksp.domain.artifact.LineageWalk}, {@link
 * ai.koales.ksp.domain.artifact.BoundedPathWalk}) are pure algorithms over an adjacency function,
 * breadth-first, cycle-safe and depth-bounded (core.md §4.3 <b>FIX</b>: the original's {@code
 * collectLineageIds} looped on cycles). The active specification is the newest Specification or
 * WorkGraph without an incoming {@code version_of} edge (core.md §6 item 9 <b>FIX</b>).
 */
package ai.koales.ksp.domain.artifact;
