package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.EventBuffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Creates a missing {@code buffer_meta} row in its own transaction, so that losing the race to a
 * concurrent creator (a duplicate key) never dooms the appender's transaction: the appender then
 * locks the row that exists.
 */
@ApplicationScoped
public class BufferOpener {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void openIfAbsent(String streamId, String orgId, long now) {
    if (em.find(BufferMetaRow.class, streamId) != null) {
      return;
    }
    // A stream whose buffer expired continues its seq after the durable log, and one that ended is
    // refused (edges.md §4.1, §4.3): seq is never reused and nothing follows a terminal event.
    Long lastSeq =
        em.createQuery(
                "SELECT MAX(l.seq) FROM SessionEventLogRow l WHERE l.sessionId = :s", Long.class)
            .setParameter("s", streamId)
            .getSingleResult();
    boolean ended =
        em.createQuery(
                    "SELECT COUNT(l) FROM SessionEventLogRow l"
                        + " WHERE l.sessionId = :s AND l.terminal = TRUE",
                    Long.class)
                .setParameter("s", streamId)
                .getSingleResult()
            > 0;
    String org = orgId != null ? orgId : knownOrg(streamId);
    em.persist(
        new BufferMetaRow(
            EventBuffer.opened(streamId, org, lastSeq == null ? 0 : lastSeq, ended, now)));
    em.flush();
  }

  /** The org the stream was bound to before (durable log), else its session's org. */
  private String knownOrg(String streamId) {
    List<String> logged =
        em.createQuery(
                "SELECT l.orgId FROM SessionEventLogRow l WHERE l.sessionId = :s"
                    + " AND l.orgId IS NOT NULL ORDER BY l.seq DESC",
                String.class)
            .setParameter("s", streamId)
            .setMaxResults(1)
            .getResultList();
    if (!logged.isEmpty()) {
      return logged.get(0);
    }
    List<String> session =
        em.createQuery("SELECT s.orgId FROM SessionStateRow s WHERE s.sessionId = :s", String.class)
            .setParameter("s", streamId)
            .getResultList();
    return session.isEmpty() ? null : session.get(0);
  }
}
