package ai.koales.ksp.domain.coordination;

import java.util.Optional;
import java.util.Set;

/** Runs (table {@code coordinator_run}). */
public interface RunRepository {

  /** The run as it is now, without a lock (reads). */
  Optional<Run> find(String runId);

  /**
   * The run, locked for the rest of the transaction: every mutation of a run calls this first, so
   * the run's writers are serialised (BR-KSP-11, lock order run → beads).
   */
  Optional<Run> lock(String runId);

  void add(Run run);

  /** Stores the run's status, stream and update time (the run must have been locked). */
  void save(Run run);

  /** The formula molecule {@code moleculeId} of the run follows, if its seed named one. */
  Optional<String> formulaOf(String runId, String moleculeId);

  /** Binds a molecule to the formula its first seed named (the run must have been locked). */
  void bindFormula(String runId, String moleculeId, String formulaId, long now);

  /**
   * A run of {@code orgId}, executed by external agents, with a claimable bead (of one of {@code
   * roles}, any role when empty) that no other transaction holds locked; locked for this
   * transaction. Only databases that can skip locked rows answer; others return empty and the
   * caller falls back to {@link #findClaimable}.
   */
  Optional<String> lockAnyClaimable(String orgId, Set<String> roles);

  /**
   * The oldest active external run of {@code orgId} that has a claimable bead (of one of {@code
   * roles}), without a lock; runs are served oldest first.
   */
  Optional<String> findClaimable(String orgId, Set<String> roles);
}
