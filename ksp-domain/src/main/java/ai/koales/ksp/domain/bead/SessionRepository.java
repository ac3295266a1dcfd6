package ai.koales.ksp.domain.bead;

import java.util.Optional;

/** Where knowing-state sessions live (a port). */
public interface SessionRepository {

  Optional<KnowingStateSession> find(String sessionId);

  /** Inserts or updates the session in the caller's transaction. */
  void save(KnowingStateSession session);

  /**
   * Records a retrieval of a stored session: its ksRetrievedAt, its floor and its activity, merged
   * into what is stored so that concurrent retrievals and degradations commute (the floor is never
   * raised, times never go back). Needs no transaction of the caller's.
   *
   * @throws SessionNotFoundException when the session is no longer stored (closed meanwhile)
   */
  void saveRetrieval(KnowingStateSession session);

  /**
   * Saves a degraded session in a transaction of its own, so that the degradation survives the
   * rollback of the transaction whose retrieval failed (ARCHITECTURE.md, core.md §4.2).
   */
  void saveDegraded(KnowingStateSession session);

  void delete(String sessionId);
}
