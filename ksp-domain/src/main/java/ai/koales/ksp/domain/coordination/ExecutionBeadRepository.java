package ai.koales.ksp.domain.coordination;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Execution beads and the run's DAG (tables {@code execution_bead}, {@code atom_edge}). Writers
 * hold the run's lock; {@link #compareAndSet} is nevertheless a conditional write that succeeds
 * only against the row as it was loaded, so a change that lost a race can never be applied
 * (INV-C1).
 *
 * <p>"Satisfied" parents are DONE ones, and FAILED ones too when the run continues on failure (Q2).
 */
public interface ExecutionBeadRepository {

  Optional<ExecutionBead> find(String runId, String beadId);

  /** The status of each of {@code ids} that exists in the run. */
  Map<String, BeadStatus> statuses(String runId, Collection<String> ids);

  /** Inserts new beads and their edges (the caller checked they are new). */
  void insert(List<ExecutionBead> beads, List<AtomEdge> edges);

  /** {@code parentId} became satisfied: each of its children waits for one parent less. */
  void parentSatisfied(String runId, String parentId);

  List<String> parentIds(String runId, String beadId);

  /**
   * Writes the bead's current state if its row still has the stored status and version (and, with
   * {@code parentGate}, every parent is satisfied: the claim's INV-C2 condition is part of the
   * write). Returns false, writing nothing, otherwise.
   */
  boolean compareAndSet(ExecutionBead bead, boolean parentGate, boolean continueOnFailure);

  /** The oldest READY bead of the run with all parents satisfied, of one of {@code roles}. */
  Optional<ExecutionBead> firstClaimable(String runId, Set<String> roles);

  /** The oldest claimable bead of one molecule of the run. */
  Optional<ExecutionBead> firstClaimableInMolecule(String runId, String moleculeId);

  long countInMolecule(String runId, String moleculeId);

  /** The status of every bead of one molecule of the run, in seeding order. */
  Map<String, BeadStatus> statusesInMolecule(String runId, String moleculeId);

  /** Children of {@code parentId} that are READY with every parent satisfied. */
  List<ExecutionBead> claimableChildren(String runId, String parentId);

  boolean anyClaimable(String runId);

  List<String> failedIds(String runId);

  /** Runs (at most {@code limit}) with an IN_PROGRESS bead silent since before {@code cutoff}. */
  List<String> runsWithStaleBeads(long cutoff, int limit);

  /** IN_PROGRESS beads of the run whose last heartbeat is older than {@code cutoff}. */
  List<ExecutionBead> staleInRun(String runId, long cutoff);
}
