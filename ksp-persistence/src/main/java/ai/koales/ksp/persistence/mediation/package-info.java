/**
 * Mediation (coordination.md §4.4): compiles an emitted commission, or a direct {@code POST
 * …/mediation/commissions}, into v2 atom directives and seeds the run that executes them.
 *
 * <ul>
 *   <li>{@link ai.koales.ksp.persistence.mediation.MediationService} is the entry point; it never
 *       runs inside a caller's transaction.
 *   <li>{@link ai.koales.ksp.persistence.mediation.MediationWrites} is the compile: steps 1-4
 *       validate without writing (elucidation, atoms, gears, the coherence probe), steps 5-8 write
 *       the Specification and directive nodes, the compiled molecule and the seeded run in one
 *       transaction, so a failed compile leaves only its FAILED lifecycle row. A compile is
 *       idempotent per run id (Q1: the run id is derived from org, work graph and disposition).
 *   <li>Work-graph atoms ({@code workgraph_atom}) and compiled molecules ({@code
 *       compiled_molecule}) are write-once.
 * </ul>
 */
package ai.koales.ksp.persistence.mediation;
