package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.AuditEntry;
import ai.koales.ksp.domain.coordination.ConsentEntry;
import ai.koales.ksp.domain.coordination.CoordinationJournal;
import ai.koales.ksp.domain.coordination.Dispatch;
import ai.koales.ksp.domain.coordination.ExecutorKind;
import ai.koales.ksp.domain.coordination.PendingOutcome;
import ai.koales.ksp.domain.coordination.RunFinished;
import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.persistence.platform.AfterCommit;
import ai.koales.ksp.persistence.stream.EventOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The coordinator's journal in the transition's own transaction: audit and consent rows, domain
 * events through the {@link EventOutbox}, dispatch and outcome outbox rows. What happens after
 * commit is registered here too: built-in dispatches go to the agent pool, outcomes to the
 * recorder, and a finished run is announced as a CDI event (observers use {@code AFTER_SUCCESS}).
 */
@ApplicationScoped
public class JpaCoordinationJournal implements CoordinationJournal {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject EventOutbox outbox;
  @Inject AfterCommit afterCommit;
  @Inject BuiltinAgentPool pool;
  @Inject OutcomeRecorder outcomes;
  @Inject Event<RunFinished> finished;
  @Inject CoordinationSettings settings;

  @Override
  public void audit(AuditEntry entry) {
    em.persist(new BeadAuditRow(entry));
  }

  @Override
  public void consentRequested(ConsentEntry entry) {
    em.persist(new ConsentAuditRow(entry));
  }

  @Override
  public void event(DomainEvent event) {
    outbox.record(event);
  }

  @Override
  public boolean dispatch(Dispatch dispatch) {
    long existing =
        em.createQuery(
                "SELECT COUNT(d) FROM AtomDispatchRow d WHERE d.dedupeKey = :key", Long.class)
            .setParameter("key", dispatch.key())
            .getSingleResult();
    if (existing > 0) {
      return false;
    }
    // Due for redelivery only if the hand-off after commit has not delivered it by then.
    AtomDispatchRow row =
        new AtomDispatchRow(dispatch, dispatch.createdAt() + settings.redeliveryAfter().toMillis());
    em.persist(row);
    if (dispatch.executor() == ExecutorKind.BUILTIN) {
      DispatchTicket ticket = row.ticket();
      afterCommit.run(() -> pool.handOff(ticket));
    }
    return true;
  }

  @Override
  public void outcome(PendingOutcome outcome) {
    AtomOutcomeRow row =
        new AtomOutcomeRow(outcome, outcome.createdAt() + settings.redeliveryAfter().toMillis());
    em.persist(row);
    long id = row.id();
    afterCommit.run(() -> outcomes.deliverSoon(id));
  }

  @Override
  public void runFinished(RunFinished f) {
    finished.fire(f);
  }
}
