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
 *
 * <p>Where this package departs from the queue of §1.9 and §4.3, deliberately:
 *
 * <ul>
 *   <li>There is no message queue and no {@code atom-execute} envelope: the {@code atom_dispatch}
 *       row is the message (dedupe key {@code {runId}:{beadId}:{attempt}}, run, bead, attempt), and
 *       whoever executes it reads the directive from the bead when claiming it. One dispatch shape,
 *       so P20's unification of envelopes has nothing left to unify. An external run's row is only
 *       recorded ({@code RECORDED}): its delivery is an agent's claim over the API.
 *   <li>Delivery of a built-in run's dispatch: one hand-off to the agent pool right after the
 *       commit, then, while the row stays {@code PENDING}, a redelivery by the periodic job every
 *       {@code ksp.coordination.redelivery-after} (default 30 s) — instead of two in-process
 *       attempts 3 s apart followed by queue redeliveries. A node restart loses nothing: the rows
 *       are in the database.
 *   <li>After {@code ksp.coordination.max-deliveries} (default 6, §4.3) failed deliveries the row
 *       is {@code FAILED} and its bead is failed by the dispatcher ({@code {error:
 *       'atom-dispatch-failure', reason}}, audit verdict {@code failed}, {@code BEAD_FAILED} on the
 *       run's stream). No {@code atom-results} message and no {@code infra:atom-dispatch-failure}
 *       signal are published: this server has neither consumer nor signal bus; the failed bead, its
 *       audit row, the stream event and a log line are what an operator sees.
 *   <li>A directive's v1 {@code retryPolicy} (§4.2 step 6) is applied by the built-in agents
 *       ({@link ai.koales.ksp.domain.coordination.BuiltinAgent}): isolated retries within one
 *       claim, {@code backoffMs} apart; external agents receive the directive and apply it
 *       themselves.
 * </ul>
 */
package ai.koales.ksp.persistence.coordination;
