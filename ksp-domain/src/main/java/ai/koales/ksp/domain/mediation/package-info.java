/**
 * Mediation (coordination.md §1.7, §3.2, §4.4): compiles a commission (work-graph atoms that
 * reference registered gears) into v2 atom directives and seeds the coordinator.
 *
 * <p>Invariants: R7 everything is validated before the first write (400 malformed vs 422 compile
 * failure); A9 the elucidation must exist; steps run strictly 1 to 9 and a failure stops the later
 * ones; the coherence probe checks atoms against registries independent of the atoms themselves
 * (P18: tool schemas and invariants do not come from the data they check); the same run id already
 * seeded is answered from its record with no side effects; run ids are derived, never taken from
 * callers (Q1).
 */
package ai.koales.ksp.domain.mediation;
