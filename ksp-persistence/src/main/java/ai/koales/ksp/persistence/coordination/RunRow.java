package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.ExecutorKind;
import ai.koales.ksp.domain.coordination.Run;
import ai.koales.ksp.domain.coordination.RunCounts;
import ai.koales.ksp.domain.coordination.RunStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A run (table {@code coordinator_run}). */
@Entity
@Table(name = "coordinator_run")
public class RunRow {

  @Id
  @Column(name = "run_id", length = 128)
  private String runId;

  @Column(name = "org_id", nullable = false, length = 200)
  private String orgId;

  @Column(name = "executor", nullable = false, length = 16)
  private String executor;

  @Column(name = "continue_on_failure", nullable = false)
  private boolean continueOnFailure;

  @Column(name = "stream_id", nullable = false, length = 128)
  private String streamId;

  @Column(name = "status", nullable = false, length = 20)
  private String status;

  @Column(name = "ready_count", nullable = false)
  private long readyCount;

  @Column(name = "in_progress_count", nullable = false)
  private long inProgressCount;

  @Column(name = "done_count", nullable = false)
  private long doneCount;

  @Column(name = "failed_count", nullable = false)
  private long failedCount;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected RunRow() {}

  static RunRow of(Run run) {
    RunRow row = new RunRow();
    row.runId = run.runId();
    row.orgId = run.orgId();
    row.executor = run.executor().wireName();
    row.continueOnFailure = run.continueOnFailure();
    row.createdAt = run.createdAt();
    row.copyFrom(run);
    return row;
  }

  void copyFrom(Run run) {
    streamId = run.streamId();
    status = run.status().name();
    RunCounts c = run.counts();
    readyCount = c.ready();
    inProgressCount = c.inProgress();
    doneCount = c.done();
    failedCount = c.failed();
    updatedAt = run.updatedAt();
  }

  Run toRun() {
    return new Run(
        runId,
        orgId,
        ExecutorKind.parse(executor).orElseThrow(),
        continueOnFailure,
        streamId,
        RunStatus.valueOf(status),
        new RunCounts(readyCount, inProgressCount, doneCount, failedCount),
        createdAt,
        updatedAt);
  }

  String orgId() {
    return orgId;
  }
}
