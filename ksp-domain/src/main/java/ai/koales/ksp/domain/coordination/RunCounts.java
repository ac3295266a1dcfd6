package ai.koales.ksp.domain.coordination;

/** How many beads of a run are in each status. */
public record RunCounts(long ready, long inProgress, long done, long failed) {

  public static final RunCounts NONE = new RunCounts(0, 0, 0, 0);

  public long total() {
    return ready + inProgress + done + failed;
  }

  public long of(BeadStatus status) {
    return switch (status) {
      case READY -> ready;
      case IN_PROGRESS -> inProgress;
      case DONE -> done;
      case FAILED -> failed;
    };
  }
}
