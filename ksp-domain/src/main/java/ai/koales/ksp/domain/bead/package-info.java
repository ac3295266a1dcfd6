/**
 * Bead graph and knowing-state sessions (core.md §1.1, §1.2, §1.4, §2, §3, §4.1, §4.2).
 *
 * <p>A {@link ai.koales.ksp.domain.bead.Bead} is a write-once node of an org's DAG; its id is the
 * SHA-256 of its type, canonical content and sorted parents ({@link
 * ai.koales.ksp.domain.bead.BeadId}). Invariants this package owns:
 *
 * <ul>
 *   <li>INV-BG-001: beads are never updated or deleted; a change is a new bead with a {@code
 *       supersedes} edge to the one it replaces.
 *   <li>INV-BG-002: a stored id equals the recomputed hash; a client id that differs is refused
 *       ({@link ai.koales.ksp.domain.bead.BeadIntegrityException}).
 *   <li>INV-BG-003 / I2: an execution bead is written only by a session that has retrieved its
 *       knowing state ({@link ai.koales.ksp.domain.bead.SessionNotInitializedException}).
 *   <li>INV-BG-007: every non-audit bead is written together with its content-addressed audit bead
 *       ({@link ai.koales.ksp.domain.bead.BeadWrite}).
 *   <li>INV-BG-008 / I4 (fail closed): a retrieval failure, or an org without a policy, sets the
 *       session's autonomy floor to SUGGEST; an execution above the floor is refused ({@link
 *       ai.koales.ksp.domain.bead.AutonomyDegradedException}). There is no in-session recovery.
 *   <li>INV-BG-006: the knowing-state cache is never authoritative; it is invalidated after each
 *       committed trust, policy or consent write ({@link ai.koales.ksp.domain.bead.CacheKeys}).
 * </ul>
 */
package ai.koales.ksp.domain.bead;
