package ai.koales.ksp.batch.commissioning;

import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** When a commissioning job ends, the worker looks at once for the org's next queued session. */
@Named("commissioningJobListener")
@Dependent
public class CommissioningJobListener extends AbstractJobListener {

  @Inject CommissioningWorker worker;

  @Override
  public void afterJob() {
    worker.wake();
  }
}
