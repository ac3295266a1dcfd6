package ai.koales.ksp.persistence.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Objects;

/**
 * The write side of the factory session read model (edges.md §1.8 {@code session_state}), for the
 * contexts that drive a session (commissioning, the Connect gateway): each records the session's
 * status in its own transaction, so GraphQL {@code session}/{@code sessions} answer what happened.
 */
@ApplicationScoped
public class FactorySessions {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject Clock clock;

  /**
   * A session as its writer knows it. {@code status} is a SessionStatus name (SUBMITTED ...
   * CANCELLED); {@code assemblyId} is used when the row is created; null members keep the row's.
   */
  public record SessionState(
      String sessionId,
      String assemblyId,
      String workOrderId,
      String orgId,
      String status,
      String runId,
      String intentSpecId,
      String intentSpecVersion,
      String intentSpecDomain) {

    public SessionState {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(status, "status");
    }

    public static SessionState of(String sessionId, String orgId, String status) {
      return new SessionState(sessionId, null, null, orgId, status, null, null, null, null);
    }
  }

  /** Creates or updates the session's row, in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(SessionState s) {
    long now = clock.millis();
    // Locked: the gateway and commissioning may write one session at the same moment.
    SessionStateRow row =
        em.find(SessionStateRow.class, s.sessionId(), LockModeType.PESSIMISTIC_WRITE);
    if (row == null) {
      row =
          new SessionStateRow(
              s.sessionId(),
              s.assemblyId() == null ? s.sessionId() : s.assemblyId(),
              s.orgId(),
              now);
      row.update(s, now);
      em.persist(row);
      // Written now: the next record of this session in the same transaction finds the row with a
      // locked read, which goes to the database, not to the persistence context.
      em.flush();
    } else {
      row.update(s, now);
    }
  }
}
