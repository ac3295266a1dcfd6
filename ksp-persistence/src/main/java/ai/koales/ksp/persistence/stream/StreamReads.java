package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferHead;
import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.EventStream;
import ai.koales.ksp.domain.stream.ReplayEnvelope;
import ai.koales.ksp.domain.stream.ReplayFilter;
import ai.koales.ksp.domain.stream.ReplayUnavailableException;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.domain.stream.UnknownStreamException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The read side of the event buffers: replays, heads and the reads live delivery makes. Reads take
 * no lock. A replay is one transaction: the tip is read first and rows are bounded by it, so rows
 * and tip describe the same moment even on READ COMMITTED (rows up to the tip were committed before
 * the tip was).
 */
@ApplicationScoped
public class StreamReads {

  /** EclipseLink's query hint that returns rows without registering them for change tracking. */
  static final String READ_ONLY = "eclipselink.read-only";

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  /**
   * The events after {@code after} that pass {@code filter}, at most {@code limit}: from the live
   * buffer; after it expired, from the durable log when the session ended, else REPLAY_UNAVAILABLE;
   * unknown streams are not found.
   */
  @Transactional
  public ReplayEnvelope replay(
      String streamId, long after, ReplayFilter filter, int limit, StreamReader reader) {
    StreamLocation where = locate(streamId);
    reader.requireAccess(streamId, where.orgId());
    if (!where.holdsAfter(after)) {
      throw new ReplayUnavailableException(streamId, after);
    }
    String entity =
        switch (where.state()) {
          case LIVE -> "BufferedEventRow";
          case ENDED -> "SessionEventLogRow";
          case EXPIRED -> throw new ReplayUnavailableException(streamId, after);
          case UNKNOWN -> throw new UnknownStreamException(streamId);
        };
    List<BufferedEvent> rows = rows(entity, streamId, after, where.tipSeq(), filter, limit + 1);
    boolean truncated = rows.size() > limit;
    return new ReplayEnvelope(
        truncated ? rows.subList(0, limit) : rows, where.tipSeq(), where.terminal(), truncated);
  }

  /** The stream's tip; from the durable log once its buffer is gone. */
  @Transactional
  public BufferHead head(String streamId, StreamReader reader) {
    BufferMetaRow meta = em.find(BufferMetaRow.class, streamId);
    if (meta != null) {
      reader.requireAccess(streamId, meta.orgId());
      return new BufferHead(meta.tipSeq(), meta.terminal(), meta.lastWriteAt());
    }
    StreamLocation where = locate(streamId);
    reader.requireAccess(streamId, where.orgId());
    if (where.state() == StreamLocation.State.UNKNOWN) {
      throw new UnknownStreamException(streamId);
    }
    List<SessionEventLogRow> last =
        em.createQuery(
                "SELECT l FROM SessionEventLogRow l WHERE l.sessionId = :s ORDER BY l.seq DESC",
                SessionEventLogRow.class)
            .setParameter("s", streamId)
            .setMaxResults(1)
            .getResultList();
    if (last.isEmpty()) {
      return new BufferHead(0, false, 0);
    }
    SessionEventLogRow tip = last.get(0);
    return new BufferHead(tip.seq(), where.state() == StreamLocation.State.ENDED, tip.appendedAt());
  }

  /** Where the stream's events are, and which org it belongs to. */
  @Transactional
  public StreamLocation locate(String streamId) {
    BufferMetaRow meta = em.find(BufferMetaRow.class, streamId);
    if (meta != null) {
      return new StreamLocation(
          StreamLocation.State.LIVE, meta.orgId(), meta.tipSeq(), meta.terminal(), meta.baseSeq());
    }
    List<SessionEventLogRow> last =
        em.createQuery(
                "SELECT l FROM SessionEventLogRow l WHERE l.sessionId = :s ORDER BY l.seq DESC",
                SessionEventLogRow.class)
            .setParameter("s", streamId)
            .setMaxResults(1)
            .getResultList();
    String org = null;
    List<String> sessionOrg =
        em.createQuery("SELECT s.orgId FROM SessionStateRow s WHERE s.sessionId = :s", String.class)
            .setParameter("s", streamId)
            .getResultList();
    if (!last.isEmpty()) {
      SessionEventLogRow tip = last.get(0);
      org = tip.orgId() != null ? tip.orgId() : sessionOrg.isEmpty() ? null : sessionOrg.get(0);
      boolean ended = endedInLog(streamId);
      return new StreamLocation(
          ended ? StreamLocation.State.ENDED : StreamLocation.State.EXPIRED,
          org,
          tip.seq(),
          ended,
          0);
    }
    if (!sessionOrg.isEmpty()) {
      return new StreamLocation(StreamLocation.State.EXPIRED, sessionOrg.get(0), 0, false, 0);
    }
    return new StreamLocation(StreamLocation.State.UNKNOWN, null, 0, false, 0);
  }

  /**
   * For live delivery: the live buffer's rows after {@code after} (all streams), at most {@code
   * max}, ascending; null when the stream has no live buffer any more.
   */
  @Transactional
  public List<BufferedEvent> bufferAfter(String streamId, long after, int max) {
    List<BufferedEvent> rows = rows("BufferedEventRow", streamId, after, null, null, max);
    if (rows.isEmpty() && em.find(BufferMetaRow.class, streamId) == null) {
      return null;
    }
    return rows;
  }

  /** The durable log's rows after {@code after} that pass {@code filter}, ascending. */
  @Transactional
  public List<BufferedEvent> logAfter(String streamId, long after, ReplayFilter filter, int max) {
    return rows("SessionEventLogRow", streamId, after, null, filter, max);
  }

  /**
   * The rows of {@code stream} whose scope (run or assembly) is {@code scopeId}, across the
   * sessions {@code reader} may read, after each session's cursor ({@code cursorOf}); ascending per
   * session.
   */
  @Transactional
  public List<BufferedEvent> scopedAfter(
      EventStream stream,
      boolean byRun,
      String scopeId,
      ToLongFunction<String> cursorOf,
      StreamReader reader,
      int max) {
    String scope = byRun ? "e.scopeRunId" : "e.scopeAssemblyId";
    List<Object[]> tips =
        em.createQuery(
                "SELECT e.sessionId, MAX(e.seq), m.orgId FROM BufferedEventRow e, BufferMetaRow m"
                    + " WHERE m.sessionId = e.sessionId AND "
                    + scope
                    + " = :scope AND e.stream = :stream"
                    + " GROUP BY e.sessionId, m.orgId ORDER BY e.sessionId",
                Object[].class)
            .setParameter("scope", scopeId)
            .setParameter("stream", stream.wireName())
            .getResultList();
    List<BufferedEvent> out = new ArrayList<>();
    for (Object[] tip : tips) {
      String session = (String) tip[0];
      long cursor = cursorOf.applyAsLong(session);
      if (((Number) tip[1]).longValue() <= cursor
          || !reader.mayRead((String) tip[2])
          || out.size() >= max) {
        continue;
      }
      out.addAll(
          em
              .createQuery(
                  "SELECT e FROM BufferedEventRow e WHERE e.sessionId = :s AND e.seq > :after AND "
                      + scope
                      + " = :scope AND e.stream = :stream ORDER BY e.seq",
                  BufferedEventRow.class)
              .setParameter("s", session)
              .setParameter("after", cursor)
              .setParameter("scope", scopeId)
              .setParameter("stream", stream.wireName())
              .setMaxResults(max - out.size())
              .getResultList()
              .stream()
              .map(EventColumns::toEvent)
              .toList());
    }
    return out;
  }

  private boolean endedInLog(String streamId) {
    return em.createQuery(
                "SELECT COUNT(l) FROM SessionEventLogRow l WHERE l.sessionId = :s"
                    + " AND l.terminal = TRUE",
                Long.class)
            .setParameter("s", streamId)
            .getSingleResult()
        > 0;
  }

  private List<BufferedEvent> rows(
      String entity, String streamId, long after, Long upTo, ReplayFilter filter, int max) {
    StringBuilder q =
        new StringBuilder("SELECT e FROM ")
            .append(entity)
            .append(" e WHERE e.sessionId = :s AND e.seq > :after");
    if (upTo != null) {
      q.append(" AND e.seq <= :upTo");
    }
    if (filter != null && !filter.isEverything()) {
      q.append(" AND e.stream IN :streams");
      if (filter.runId() != null) {
        q.append(" AND e.scopeRunId = :run");
      }
      if (filter.assemblyId() != null) {
        q.append(" AND e.scopeAssemblyId = :assembly");
      }
    }
    q.append(" ORDER BY e.seq");
    TypedQuery<? extends EventColumns> query =
        em.createQuery(q.toString(), entityClass(entity))
            .setParameter("s", streamId)
            .setParameter("after", after)
            .setMaxResults(max)
            // Rows are only read and mapped: no change tracking for them.
            .setHint(READ_ONLY, "true");
    if (upTo != null) {
      query.setParameter("upTo", upTo);
    }
    if (filter != null && !filter.isEverything()) {
      query.setParameter("streams", filter.streams().stream().map(EventStream::wireName).toList());
      if (filter.runId() != null) {
        query.setParameter("run", filter.runId());
      }
      if (filter.assemblyId() != null) {
        query.setParameter("assembly", filter.assemblyId());
      }
    }
    return query.getResultList().stream().map(EventColumns::toEvent).toList();
  }

  private static Class<? extends EventColumns> entityClass(String entity) {
    return "BufferedEventRow".equals(entity) ? BufferedEventRow.class : SessionEventLogRow.class;
  }
}
