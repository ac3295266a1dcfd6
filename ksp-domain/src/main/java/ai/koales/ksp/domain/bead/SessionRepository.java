package ai.koales.ksp.domain.bead;

import java.util.Optional;

/** Where knowing-state sessions live (a port). */
public interface SessionRepository {

  Optional<KnowingStateSession> find(String sessionId);

  /** Inserts or updates the session in the caller's transaction. */
  void save(KnowingStateSession session);

  /**
   * Saves a degraded session in a transaction of its own, so that the degradation survives the
   * rollback of the transaction whose retrieval failed (ARCHITECTURE.md, core.md §4.2).
   */
  void saveDegraded(KnowingStateSession session);

  void delete(String sessionId);
}
