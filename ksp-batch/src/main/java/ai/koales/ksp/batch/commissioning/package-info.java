/**
 * The commissioning job on Jakarta Batch (coordination.md §4.5, ARCHITECTURE.md "Commissioning").
 *
 * <ul>
 *   <li>Job {@code commissioning} ({@code META-INF/batch-jobs/commissioning.xml}): one step per
 *       pass, each the same {@link ai.koales.ksp.batch.commissioning.CommissioningPassBatchlet};
 *       the pass's outcome is the step's exit status, and the job XML routes it ({@code
 *       AWAITING_APPROVAL} stops the job with {@code restart="emit-to-mediation"}, so an approval
 *       restarts only the emit step).
 *   <li>{@link ai.koales.ksp.batch.commissioning.CommissioningWorker} decides which session runs
 *       next (per org one at a time, oldest first), restarts approved jobs, resumes jobs that died
 *       with their process, and rejects approvals past their deadline; one node acts, under a
 *       cluster lease.
 *   <li>{@link ai.koales.ksp.batch.commissioning.BatchRepositoryRecovery} repairs what a killed JVM
 *       leaves in the batch repository before any job starts.
 * </ul>
 *
 * The work itself (planner calls, artifacts, checkpoints) is in {@code
 * ai.koales.ksp.persistence.commissioning}; this package only drives it, so a pass behaves the same
 * whether the batch runtime or a test calls it.
 */
package ai.koales.ksp.batch.commissioning;
