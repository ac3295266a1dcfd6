/**
 * Bead graph persistence and the application services of the bead context.
 *
 * <ul>
 *   <li>{@link ai.koales.ksp.persistence.bead.JpaBeadGraph} stores beads write-once (no update or
 *       delete path exists; the entity refuses both), serialised per org by the org's partition
 *       row, and invalidates the knowing-state cache after commit (INV-BG-006).
 *   <li>{@link ai.koales.ksp.persistence.bead.BeadGraphService} is the governance boundary: writes
 *       of policy, trust, consent, escalation and amendment beads, reads, and the integrity check.
 *   <li>{@link ai.koales.ksp.persistence.bead.BeadIntegrityCheck} re-verifies an org from what is
 *       stored: every id (INV-BG-002), the canonical form, parent edges, the query columns copied
 *       out of content, each bead's audit (INV-BG-007), and every supersedes and revokes link
 *       against the write path's own rules.
 *   <li>{@link ai.koales.ksp.persistence.bead.KnowingStateSessions} runs the knowing-state SDK, one
 *       transaction per operation; a degradation to SUGGEST is committed on its own (INV-BG-008).
 * </ul>
 */
package ai.koales.ksp.persistence.bead;
