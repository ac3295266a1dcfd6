package ai.koales.ksp.domain.coordination;

import java.util.Objects;

/**
 * What an atom attempt came to, as loop closure records it (§4.1 release/fail step 3): SUCCESS or
 * FAILURE, a summary of at most {@link #SUMMARY_LIMIT} characters of the result, and how many tool
 * calls the attempt made.
 */
public record AtomOutcome(Status status, String summary, int toolCallCount) {

  public static final int SUMMARY_LIMIT = 500;

  /** The outcome bead statuses an atom produces (core.md §1.1: done→SUCCESS, failed→FAILURE). */
  public enum Status {
    SUCCESS,
    FAILURE
  }

  public AtomOutcome {
    Objects.requireNonNull(status, "status");
    summary = summary == null ? "" : summary;
    if (summary.length() > SUMMARY_LIMIT) {
      summary = summary.substring(0, SUMMARY_LIMIT);
    }
  }

  /**
   * What a result says in words: a trace fragment's raw output (§4.1: summary = rawOutput), an
   * error's message, a string as it is, anything else as JSON.
   */
  public static String summaryOf(Object result) {
    if (result instanceof java.util.Map<?, ?> m) {
      if (m.get("rawOutput") instanceof String raw) {
        return raw;
      }
      if (m.get("error") instanceof String error) {
        Object message = m.get("message");
        return message instanceof String text ? error + ": " + text : error;
      }
    }
    return ResultText.of(result);
  }

  /** The outcome of a bead that just became DONE or FAILED. */
  public static AtomOutcome of(ExecutionBead bead) {
    return new AtomOutcome(
        bead.status() == BeadStatus.DONE ? Status.SUCCESS : Status.FAILURE,
        summaryOf(bead.result()),
        bead.toolCallCount());
  }
}
