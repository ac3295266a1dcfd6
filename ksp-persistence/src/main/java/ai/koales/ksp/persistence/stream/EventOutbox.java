package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Where every context records the events its use case produced. {@link #record} joins the caller's
 * transaction (it refuses to run without one), so an event exists exactly when the change it
 * reports was committed. Observers of {@link OutboxWritten} with {@code during = AFTER_SUCCESS}
 * drain it.
 */
@ApplicationScoped
public class EventOutbox {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject Clock clock;
  @Inject Event<OutboxWritten> written;

  @Transactional(Transactional.TxType.MANDATORY)
  public void record(DomainEvent event) {
    em.persist(
        new OutboxEntry(
            event.streamId(),
            event.stream().wireName(),
            event.kind(),
            event.runId(),
            event.assemblyId(),
            JsonValues.write(event.payload()),
            event.occurredAt(),
            event.terminal(),
            clock.millis()));
    written.fire(new OutboxWritten(event.streamId()));
  }

  /**
   * Fired inside the writing transaction; observe it {@code AFTER_SUCCESS} to drain after commit.
   */
  public record OutboxWritten(String streamId) {}
}
