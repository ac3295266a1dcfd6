package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.RunFinished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.logging.Logger;

/**
 * Tells operators when a run finishes: one log line per entry into a terminal status, after the
 * commit that caused it. Mediation observes the same {@link RunFinished} event to acknowledge
 * completion (Q11).
 */
@ApplicationScoped
public class RunFinishedLog {

  private static final Logger LOG = Logger.getLogger(RunFinishedLog.class.getName());

  void onFinished(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunFinished f) {
    LOG.info(
        () ->
            "Run "
                + f.runId()
                + " of org "
                + f.orgId()
                + " finished: "
                + f.status()
                + (f.failedAtomIds().isEmpty() ? "" : ", failed atoms " + f.failedAtomIds()));
  }
}
