package ai.koales.ksp.persistence.gateway;

import ai.koales.ksp.domain.commissioning.CommissioningSignal;
import ai.koales.ksp.persistence.commissioning.CommissioningService;
import ai.koales.ksp.persistence.commissioning.SessionWrites.Submitted;
import ai.koales.ksp.persistence.stream.FactorySessions;
import ai.koales.ksp.persistence.stream.FactorySessions.SessionState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The last step of a submission (edges.md §2.1 steps 6-7), in one transaction: the org's
 * commissioning takes the signal (which opens the session's stream for the org and records it
 * SUBMITTED) and the session's read model gets the envelope's work order. Idempotent: the same
 * signal again changes nothing.
 */
@ApplicationScoped
public class SessionRouting {

  @Inject CommissioningService commissioning;
  @Inject FactorySessions factory;

  @Transactional
  public Submitted route(CommissioningSignal signal, String workOrderId) {
    Submitted submitted = commissioning.submit(signal);
    if (submitted.created() && workOrderId != null) {
      factory.record(
          new SessionState(
              signal.sessionId(),
              null,
              workOrderId,
              signal.orgId(),
              "SUBMITTED",
              null,
              null,
              null,
              null));
    }
    return submitted;
  }
}
