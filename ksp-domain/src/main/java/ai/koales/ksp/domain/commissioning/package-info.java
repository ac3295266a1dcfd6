/**
 * Commissioning (coordination.md §1.8, §3.4, §4.5): a signal becomes a specification through four
 * planner passes (pressure, capability, function proposal, PRD / intent specification), an optional
 * human approval, and an emit to mediation.
 *
 * <p>Invariants: CA-INV-002 every pass's input and output are validated ({@link
 * ai.koales.ksp.domain.commissioning.PassArtifacts}); CA-INV-003 pass N runs only after pass N-1's
 * artifact is persisted ({@link ai.koales.ksp.domain.commissioning.CommissioningSession} records
 * each); CA-INV-004 artifacts live only in the artifact graph; CA-INV-005 every model call goes
 * through the {@link ai.koales.ksp.domain.commissioning.Planner}; CA-INV-007 the approval wait is a
 * persisted status; CA-INV-008 structural compilation is mediation's. Ids are content hashes, so a
 * replayed pass creates nothing twice. The session outcome is read from status plus result or
 * error, never from the phase.
 */
package ai.koales.ksp.domain.commissioning;
