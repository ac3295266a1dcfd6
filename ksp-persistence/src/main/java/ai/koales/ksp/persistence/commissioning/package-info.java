/**
 * Commissioning persistence and application services (coordination.md §4.5, §6): a signal becomes a
 * session that passes through pressure, capability, function proposal and intent specification (the
 * PRD), waits for human approval, and is emitted to mediation.
 *
 * <ul>
 *   <li>{@link ai.koales.ksp.persistence.commissioning.CommissioningService}: intake, decisions
 *       (approve, reject, cancel) and the passes the batch job runs; a pass calls its planner
 *       outside any transaction and records its validated artifact, edge and checkpoint in one
 *       short transaction ({@link ai.koales.ksp.persistence.commissioning.SessionWrites}), so a
 *       resumed job never writes a step twice (content ids).
 *   <li>{@link ai.koales.ksp.persistence.commissioning.Planners}: the deterministic planner (the
 *       default, no network) or an OpenAI-compatible one ({@link
 *       ai.koales.ksp.persistence.commissioning.OpenAiPlanner}); every model call of commissioning
 *       goes through it (CA-INV-005).
 *   <li>{@link ai.koales.ksp.persistence.commissioning.CommissioningFollowUp}: what a commissioned
 *       run's outcomes cause afterwards (amendments proposed for divergences, the Q5 fallback
 *       approval, the end of the session).
 * </ul>
 *
 * Events of a session go through the {@code EventOutbox} in the transaction that causes them, onto
 * the session's stream.
 */
package ai.koales.ksp.persistence.commissioning;
