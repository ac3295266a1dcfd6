package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A coordinator run (coordination.md §1.1, §3.3): the unit that owns a DAG of execution beads and
 * serialises every change to them (BR-KSP-11: one owner per run; here the run row is locked first
 * by every mutation).
 *
 * <p>Life cycle: created by an idempotent init bound to one org; its status is re-derived from the
 * beads after every change ({@link #settle}); entering a terminal status is reported once per entry
 * ({@link RunFinished}). Its stream id defaults to the run id (events of runs made directly go to
 * the run's own stream) and is re-pointed by commissioning to its session id.
 */
public final class Run {

  /**
   * Run ids double as default stream ids, so they follow the stream-id rule (edges.md §2.3); the
   * deterministic ids of Q1 ({@code RUN-} + hex) fit.
   */
  public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  private final String runId;
  private final String orgId;
  private final ExecutorKind executor;
  private final boolean continueOnFailure;
  private String streamId;
  private RunStatus status;
  private long ready;
  private long inProgress;
  private long done;
  private long failed;
  private final long createdAt;
  private long updatedAt;

  public Run(
      String runId,
      String orgId,
      ExecutorKind executor,
      boolean continueOnFailure,
      String streamId,
      RunStatus status,
      RunCounts counts,
      long createdAt,
      long updatedAt) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.orgId = Objects.requireNonNull(orgId, "orgId");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.continueOnFailure = continueOnFailure;
    this.streamId = Objects.requireNonNull(streamId, "streamId");
    this.status = Objects.requireNonNull(status, "status");
    this.ready = counts.ready();
    this.inProgress = counts.inProgress();
    this.done = counts.done();
    this.failed = counts.failed();
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
  }

  /** §4.1 init: a new run with no beads, its events on its own stream. */
  public static Run init(
      String runId, String orgId, ExecutorKind executor, boolean continueOnFailure, long now) {
    requireRunId("runId", runId);
    return new Run(
        runId,
        orgId,
        executor,
        continueOnFailure,
        runId,
        RunStatus.INITIALIZED,
        RunCounts.NONE,
        now,
        now);
  }

  public static String requireRunId(String field, String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new InvalidInputException(
          "invalid-request",
          field,
          "must match " + RUN_ID.pattern() + " (it is also the run's default stream id)");
    }
    return runId;
  }

  /**
   * A repeated init is idempotent only with the same settings; the same id from another org, or
   * with another executor or failure policy, is a conflict.
   */
  public void requireSameInit(String orgId, ExecutorKind executor, boolean continueOnFailure) {
    if (!this.orgId.equals(orgId)) {
      throw new RunConflictException("run id " + runId + " is already used by another org");
    }
    if (this.executor != executor || this.continueOnFailure != continueOnFailure) {
      throw new RunConflictException(
          "run "
              + runId
              + " exists with executor "
              + this.executor.wireName()
              + " and continueOnFailure "
              + this.continueOnFailure);
    }
  }

  public boolean belongsTo(String orgId) {
    return this.orgId.equals(orgId);
  }

  /** Commissioning points the run's events at its session's stream (api.md "Streams"). */
  public void bindStream(String streamId, long now) {
    if (streamId == null
        || !ai.koales.ksp.domain.stream.DomainEvent.STREAM_ID.matcher(streamId).matches()) {
      throw new InvalidInputException(
          "invalid-request",
          "streamId",
          "must match " + ai.koales.ksp.domain.stream.DomainEvent.STREAM_ID.pattern());
    }
    this.streamId = streamId;
    this.updatedAt = Math.max(updatedAt, now);
  }

  /** New READY beads were seeded. */
  public void seeded(int beads) {
    ready += beads;
  }

  /**
   * A bead moved from one status to another. The run keeps its bead counts itself: every bead
   * transition of a run happens under its lock, through the coordinator.
   */
  public void beadMoved(BeadStatus from, BeadStatus to) {
    if (from == to) {
      return;
    }
    add(from, -1);
    add(to, 1);
  }

  private void add(BeadStatus s, int delta) {
    switch (s) {
      case READY -> ready += delta;
      case IN_PROGRESS -> inProgress += delta;
      case DONE -> done += delta;
      case FAILED -> failed += delta;
    }
  }

  public RunCounts counts() {
    return new RunCounts(ready, inProgress, done, failed);
  }

  /**
   * Re-derives the status from the bead counts (§3.3) after a change; {@code anyClaimable} only
   * matters when nothing is in progress. Returns true when the run has just entered a terminal
   * status (the caller announces it).
   */
  public boolean settle(boolean anyClaimable, long now) {
    RunStatus next = RunStatus.derive(counts(), anyClaimable, status.hasStarted());
    boolean finished = next.isTerminal() && next != status;
    if (next != status) {
      status = next;
    }
    updatedAt = Math.max(updatedAt, now);
    return finished;
  }

  /** The first claim starts the run, whatever the counts say afterwards. */
  public void start(long now) {
    if (!status.hasStarted()) {
      status = RunStatus.RUNNING;
    }
    updatedAt = Math.max(updatedAt, now);
  }

  public String runId() {
    return runId;
  }

  public String orgId() {
    return orgId;
  }

  public ExecutorKind executor() {
    return executor;
  }

  public boolean continueOnFailure() {
    return continueOnFailure;
  }

  public String streamId() {
    return streamId;
  }

  public RunStatus status() {
    return status;
  }

  public long createdAt() {
    return createdAt;
  }

  public long updatedAt() {
    return updatedAt;
  }
}
