package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.stream.DomainEvent;

/**
 * Everything a coordinator transaction records besides the beads themselves, in the same
 * transaction: audit rows, consent rows, domain events, dispatches, pending outcomes, and the
 * announcement that a run finished. What must happen after commit (handing a dispatch to the
 * built-in agents, recording an outcome, observers of a finished run) is the adapter's concern.
 */
public interface CoordinationJournal {

  void audit(AuditEntry entry);

  void consentRequested(ConsentEntry entry);

  void event(DomainEvent event);

  /** Records the dispatch unless its key exists (INV-C5); true when it was recorded now. */
  boolean dispatch(Dispatch dispatch);

  void outcome(PendingOutcome outcome);

  void runFinished(RunFinished finished);
}
