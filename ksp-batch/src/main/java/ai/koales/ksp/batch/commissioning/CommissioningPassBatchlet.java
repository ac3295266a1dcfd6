package ai.koales.ksp.batch.commissioning;

import ai.koales.ksp.domain.commissioning.Pass;
import ai.koales.ksp.persistence.commissioning.CommissioningService;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Every step of the {@code commissioning} job: runs the pass named like the step for the job's
 * session and returns the pass's outcome as the step's exit status, which the job XML routes.
 */
@Named("commissioningPass")
@Dependent
public class CommissioningPassBatchlet extends AbstractBatchlet {

  @Inject StepContext step;
  @Inject CommissioningService commissioning;

  @Inject
  @BatchProperty(name = "sessionId")
  String sessionId;

  @Override
  public String process() {
    Pass pass = Pass.fromStepName(step.getStepName());
    return commissioning.runPass(sessionId, pass).exitStatus();
  }
}
