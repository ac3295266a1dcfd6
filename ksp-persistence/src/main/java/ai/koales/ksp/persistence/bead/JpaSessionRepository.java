package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.AutonomyLevel;
import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.bead.SessionNotFoundException;
import ai.koales.ksp.domain.bead.SessionRepository;
import ai.koales.ksp.persistence.platform.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Sessions in table {@code ksp_session}. */
@ApplicationScoped
public class JpaSessionRepository implements SessionRepository {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject Degradations degradations;

  /** The persistence unit's datasource: inside a transaction, that transaction's connection. */
  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

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

  private static final String RANK_OF_STORED_FLOOR = rankOfStoredFloor();

  /** The stored floor's rank, in {@link AutonomyLevel}'s order (SUGGEST lowest). */
  private static String rankOfStoredFloor() {
    StringBuilder sql = new StringBuilder("CASE autonomy_floor");
    for (AutonomyLevel l : AutonomyLevel.values()) {
      sql.append(" WHEN '").append(l.name()).append("' THEN ").append(l.ordinal());
    }
    return sql.append(" END").toString();
  }

  /**
   * One UPDATE that merges the retrieval into the stored row: the floor becomes the lower of the
   * stored and the new one, times only move forward, and the version moves on (a concurrent save
   * through JPA then fails its version check instead of overwriting this). Inside a transaction it
   * runs on that transaction's connection; outside one it commits on its own, which keeps a cache
   * hit to one statement (knowing-state retrievals are the hot read of every agent).
   */
  private static final String MERGE_RETRIEVAL =
      "UPDATE ksp_session SET"
          + " autonomy_floor = CASE WHEN "
          + RANK_OF_STORED_FLOOR
          + " < ? THEN autonomy_floor ELSE ? END,"
          + " ks_retrieved_at = GREATEST(COALESCE(ks_retrieved_at, 0), ?),"
          + " last_active_at = GREATEST(last_active_at, ?),"
          + " expires_at = GREATEST(expires_at, ?),"
          + " version = version + 1"
          + " WHERE session_id = ?";

  @Override
  public void saveRetrieval(KnowingStateSession session) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(MERGE_RETRIEVAL)) {
      ps.setInt(1, session.autonomyFloor().ordinal());
      ps.setString(2, session.autonomyFloor().name());
      ps.setLong(3, session.ksRetrievedAt() == null ? 0 : session.ksRetrievedAt());
      ps.setLong(4, session.lastActiveAt());
      ps.setLong(5, session.expiresAt());
      ps.setString(6, session.sessionId());
      if (ps.executeUpdate() == 0) {
        throw new SessionNotFoundException(session.sessionId());
      }
    } catch (SQLException e) {
      throw new PersistenceException("Could not save session " + session.sessionId(), e);
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
