/**
 * Coordination persistence and application services (coordination.md §4.1-§4.3, §8).
 *
 * <ul>
 *   <li>{@link ai.koales.ksp.persistence.coordination.CoordinationService} runs the domain
 *       coordinator, one transaction per use case; every mutation of a run first locks its {@code
 *       coordinator_run} row ({@code PESSIMISTIC_WRITE}), and each bead transition is a conditional
 *       UPDATE whose row count must be 1 (INV-C1, INV-C2). Mediation calls {@code initAndSeed},
 *       {@code bindStream} and {@code beads}, and {@link
 *       ai.koales.ksp.persistence.coordination.GearService#resolve} for gears.
 *   <li>{@link ai.koales.ksp.persistence.coordination.NextReadyClaims} claims the next ready bead
 *       of an org's external runs; on PostgreSQL it skips runs other claimers hold locked ({@code
 *       FOR UPDATE SKIP LOCKED}), on H2 it takes a plain lock.
 *   <li>{@link ai.koales.ksp.persistence.coordination.LoopAtomSessions} opens the real
 *       knowing-state session of a claim through loop closure (BP1), records its execution (BP2)
 *       and, after the attempt, its outcome (BP3) (P1).
 *   <li>Two outboxes are written in the transition's transaction and delivered after commit: {@code
 *       atom_dispatch} (INV-C5, unique dedupe key; built-in runs' rows go to the {@link
 *       ai.koales.ksp.persistence.coordination.BuiltinAgentPool}) and {@code atom_outcome} (P13, by
 *       the {@link ai.koales.ksp.persistence.coordination.OutcomeRecorder}). {@link
 *       ai.koales.ksp.persistence.coordination.CoordinationTimers} runs the cluster-wide stale
 *       sweep and the redeliveries.
 *   <li>Domain events go through the {@code EventOutbox} in the same transactions; a run entering a
 *       terminal status fires {@link ai.koales.ksp.domain.coordination.RunFinished} (observe it
 *       {@code AFTER_SUCCESS}).
 * </ul>
 */
package ai.koales.ksp.persistence.coordination;
