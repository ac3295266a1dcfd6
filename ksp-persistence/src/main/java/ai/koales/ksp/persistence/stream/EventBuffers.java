package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.domain.stream.EventBuffer;
import ai.koales.ksp.domain.stream.StreamTerminalException;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionalException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The write side of the per-session event buffers: appends (external producers and the outbox), and
 * opening a stream for an org. Each method is one transaction that first locks the stream's {@code
 * buffer_meta} row; seq is read, used and advanced under that lock and the event is written to the
 * live buffer and the permanent log in the same transaction (edges.md §4.1, §8 Q8). Subscribers on
 * this node are woken after commit ({@link StreamAppended}). What KSP's own events report about
 * artifacts and verifications is projected into the factory read model as they are appended ({@link
 * FactoryProjector}); external producers' events are not (they write their own read model, as the
 * original's services did).
 */
@ApplicationScoped
public class EventBuffers {

  private static final Logger LOG = Logger.getLogger(EventBuffers.class.getName());
  private static final int LOCK_ATTEMPTS = 3;

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject BufferOpener opener;
  @Inject FactoryProjector projector;
  @Inject Clock clock;
  @Inject Event<StreamAppended> appended;

  /**
   * Appends one event; the first event to an unknown stream opens it. Refused with {@code
   * stream-terminal} after the stream's terminal event.
   */
  @Transactional
  public BufferedEvent append(DomainEvent event) {
    BufferMetaRow meta = lockOrOpen(event.streamId(), null);
    EventBuffer buffer = meta.toBuffer();
    BufferedEvent row = buffer.append(event, clock.millis());
    store(meta, buffer, List.of(row));
    return row;
  }

  /**
   * Opens the stream (idempotent) and binds it to {@code orgId}, so that only readers of that org
   * may read it; re-arms its expiry. For contexts that create sessions or runs: call it in the
   * creating transaction, before the first event, so early subscribers find the stream.
   */
  @Transactional
  public void open(String streamId, String orgId) {
    BufferMetaRow meta = lockOrOpen(streamId, orgId);
    EventBuffer buffer = meta.toBuffer();
    if (!buffer.bindOrg(orgId)) {
      throw new KspException(
          "stream-org-conflict",
          FailureKind.CONFLICT,
          "Stream '" + streamId + "' already belongs to another org.");
    }
    buffer.touch(clock.millis());
    meta.record(buffer);
  }

  /**
   * Moves the committed outbox rows of {@code streamId} into its buffer, in outbox id order, and
   * deletes them; returns how many rows were consumed. Every drainer of a stream takes the buffer
   * lock before it reads the outbox, so a row is appended exactly once however many nodes drain.
   */
  @Transactional
  public int drainOutbox(String streamId) {
    Long waiting =
        em.createQuery("SELECT COUNT(o) FROM OutboxEntry o WHERE o.streamId = :s", Long.class)
            .setParameter("s", streamId)
            .getSingleResult();
    if (waiting == 0) {
      return 0;
    }
    BufferMetaRow meta;
    try {
      meta = lockOrOpen(streamId, null);
    } catch (StreamTerminalException ended) {
      meta = null;
    }
    List<OutboxEntry> entries =
        em.createQuery(
                "SELECT o FROM OutboxEntry o WHERE o.streamId = :s ORDER BY o.id",
                OutboxEntry.class)
            .setParameter("s", streamId)
            .getResultList();
    if (meta == null) {
      // The session ended and its buffer expired: these events can never be appended.
      for (OutboxEntry entry : entries) {
        dropped(entry, "stream " + streamId + " has ended");
        em.remove(entry);
      }
      return entries.size();
    }
    EventBuffer buffer = meta.toBuffer();
    long now = clock.millis();
    List<BufferedEvent> rows = new ArrayList<>(entries.size());
    String assembly = null;
    for (OutboxEntry entry : terminalLast(entries)) {
      try {
        BufferedEvent row = buffer.append(entry.toDomainEvent(), now);
        rows.add(row);
        if (assembly == null) {
          assembly = projector.assemblyOf(streamId, row.scopeAssemblyId());
        }
        // The read model of what the event reports, and its artifactWrites event right after it.
        Optional<DomainEvent> write = projector.project(row, buffer.orgId(), assembly);
        if (write.isPresent()) {
          rows.add(buffer.append(write.get(), now));
        }
      } catch (StreamTerminalException refused) {
        dropped(entry, refused.getMessage());
      }
      em.remove(entry);
    }
    store(meta, buffer, rows);
    return entries.size();
  }

  /**
   * The entries in id order, except that a terminal one goes after the others: everything committed
   * before the terminal event was recorded belongs before it, even when another node's sequence
   * block gave it a higher id (ids are ordered per node, not across nodes).
   */
  private static List<OutboxEntry> terminalLast(List<OutboxEntry> entries) {
    List<OutboxEntry> ordered = new ArrayList<>(entries.size());
    entries.stream().filter(e -> !e.terminal()).forEach(ordered::add);
    entries.stream().filter(OutboxEntry::terminal).forEach(ordered::add);
    return ordered;
  }

  /** Streams that have outbox rows recorded before {@code before} (epoch ms). */
  @Transactional
  public List<String> streamsWithOutboxRows(long before, int max) {
    return em.createQuery(
            "SELECT DISTINCT o.streamId FROM OutboxEntry o WHERE o.createdAt < :t", String.class)
        .setParameter("t", before)
        .setMaxResults(max)
        .getResultList();
  }

  /**
   * The session ended before this event was relayed: the buffer refuses it as it refuses any late
   * producer. Said loudly, since the recording context believed it published something.
   */
  private static void dropped(OutboxEntry entry, String why) {
    LOG.log(
        Level.WARNING,
        "Outbox event {0} ({1}) for stream {2} dropped: {3}",
        new Object[] {entry.id(), entry.kind(), entry.streamId(), why});
  }

  private void store(BufferMetaRow meta, EventBuffer buffer, List<BufferedEvent> rows) {
    meta.record(buffer);
    if (rows.isEmpty()) {
      return;
    }
    Set<String> runs = new LinkedHashSet<>();
    Set<String> assemblies = new LinkedHashSet<>();
    for (BufferedEvent e : rows) {
      String json = JsonValues.write(e.payload());
      em.persist(new BufferedEventRow(e, json));
      em.persist(new SessionEventLogRow(e, json, buffer.orgId()));
      if (e.scopeRunId() != null) {
        runs.add(e.scopeRunId());
      }
      if (e.scopeAssemblyId() != null) {
        assemblies.add(e.scopeAssemblyId());
      }
    }
    appended.fire(new StreamAppended(buffer.streamId(), buffer.tipSeq(), runs, assemblies));
  }

  /**
   * Locks the stream's buffer row for the rest of the transaction, opening the stream first when it
   * has no live buffer.
   */
  private BufferMetaRow lockOrOpen(String streamId, String orgId) {
    for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      // Pessimistic lock: the single writer of this session's seq until commit (edges.md §4.1).
      BufferMetaRow meta = em.find(BufferMetaRow.class, streamId, LockModeType.PESSIMISTIC_WRITE);
      if (meta != null) {
        return meta;
      }
      try {
        opener.openIfAbsent(streamId, orgId, clock.millis());
      } catch (TransactionalException | PersistenceException openedConcurrently) {
        // Another transaction opened it at the same moment: lock the row that now exists.
      }
    }
    throw new IllegalStateException("The buffer of stream " + streamId + " could not be opened");
  }
}
