package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.bead.SessionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Sessions in table {@code ksp_session}. */
@ApplicationScoped
public class JpaSessionRepository implements SessionRepository {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject Degradations degradations;

  @Override
  public Optional<KnowingStateSession> find(String sessionId) {
    if (sessionId == null || sessionId.length() > 64) {
      return Optional.empty();
    }
    SessionRow row = em.find(SessionRow.class, sessionId);
    return Optional.ofNullable(row).map(SessionRow::toSession);
  }

  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public void save(KnowingStateSession session) {
    SessionRow row = em.find(SessionRow.class, session.sessionId());
    if (row == null) {
      row = new SessionRow(session.sessionId());
      row.copyFrom(session);
      em.persist(row);
    } else {
      row.copyFrom(session);
    }
  }

  @Override
  public void saveDegraded(KnowingStateSession session) {
    degradations.save(session.sessionId(), session.lastActiveAt());
  }

  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public void delete(String sessionId) {
    SessionRow row = em.find(SessionRow.class, sessionId);
    if (row != null) {
      em.remove(row);
    }
  }

  /**
   * Degradations commit in a transaction of their own (REQUIRES_NEW): the retrieval that failed
   * rolls its own transaction back, and the SUGGEST floor must survive that (INV-BG-008).
   */
  @ApplicationScoped
  public static class Degradations {

    @PersistenceContext(unitName = "ksp")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void save(String sessionId, long now) {
      SessionRow row = em.find(SessionRow.class, sessionId);
      if (row != null) {
        KnowingStateSession s = row.toSession();
        s.degrade(now);
        row.copyFrom(s);
      }
    }
  }
}
