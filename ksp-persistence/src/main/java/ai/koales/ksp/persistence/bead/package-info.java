/**
 * Bead graph persistence and the application services of the bead context.
 *
 * <ul>
 *   <li>{@link ai.koales.ksp.persistence.bead.JpaBeadGraph} stores beads write-once (no update or
 *       delete path exists; the entity refuses both), serialised per org by the org's partition
 *       row, and invalidates the knowing-state cache after commit (INV-BG-006).
 *   <li>{@link ai.koales.ksp.persistence.bead.BeadGraphService} is the governance boundary: writes
 *       of policy, trust, consent, escalation and amendment beads, reads, and the integrity check
 *       that recomputes every id of an org (INV-BG-002).
 *   <li>{@link ai.koales.ksp.persistence.bead.KnowingStateSessions} runs the knowing-state SDK, one
 *       transaction per operation; a degradation to SUGGEST is committed on its own (INV-BG-008).
 * </ul>
 */
package ai.koales.ksp.persistence.bead;
