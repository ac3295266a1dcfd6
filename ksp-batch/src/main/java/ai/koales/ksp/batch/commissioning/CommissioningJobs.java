package ai.koales.ksp.batch.commissioning;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * What the batch runtime knows of a session's job: every execution of its job instance (a restarted
 * or resumed job has several), for operators who want to see a crash and its recovery.
 */
@ApplicationScoped
public class CommissioningJobs {

  /** One execution of the job. */
  public record Execution(
      long executionId, String batchStatus, String exitStatus, Date startTime, Date endTime) {}

  /** The job instance and its executions, oldest first. */
  public record History(long instanceId, List<Execution> executions) {}

  /** The history of the instance {@code executionId} belongs to; empty if this node has none. */
  public Optional<History> history(Long executionId) {
    if (executionId == null) {
      return Optional.empty();
    }
    JobOperator jobs = BatchRuntime.getJobOperator();
    try {
      JobInstance instance = jobs.getJobInstance(executionId);
      List<Execution> executions =
          jobs.getJobExecutions(instance).stream()
              .sorted(Comparator.comparingLong(JobExecution::getExecutionId))
              .map(
                  e ->
                      new Execution(
                          e.getExecutionId(),
                          String.valueOf(e.getBatchStatus()),
                          e.getExitStatus(),
                          e.getStartTime(),
                          e.getEndTime()))
              .toList();
      return Optional.of(new History(instance.getInstanceId(), executions));
    } catch (NoSuchJobExecutionException e) {
      return Optional.empty();
    }
  }
}
