package ai.koales.ksp.domain.coordination;

import java.util.Objects;

/**
 * What an atom attempt came to, as loop closure records it (§4.1 release/fail step 3): SUCCESS or
 * FAILURE, a summary of at most {@link #SUMMARY_LIMIT} characters of the result, how many tool
 * calls the attempt made, and the facts BP3's divergence detector reads: the trace's outcome word
 * ({@code success}, {@code failure}, {@code timeout}, {@code abandoned}) and whether the atom's
 * attempts are exhausted (it ended FAILED, so no further attempt will run).
 */
public record AtomOutcome(
    Status status,
    String summary,
    int toolCallCount,
    String traceOutcome,
    boolean attemptsExhausted) {

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
    if (traceOutcome == null || traceOutcome.isBlank()) {
      traceOutcome = status == Status.SUCCESS ? "success" : "failure";
    }
  }

  /** An attempt abandoned by its holder and rescued for another attempt (not exhausted). */
  public static AtomOutcome abandoned(String summary, int toolCallCount) {
    return new AtomOutcome(Status.FAILURE, summary, toolCallCount, "abandoned", false);
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

  /**
   * The outcome of a bead that just became DONE or FAILED. A FAILED bead is terminal, so its
   * attempts are exhausted; its trace outcome is the one its trace fragment names ({@code timeout}
   * for an atom the built-in agent cancelled, or the sweep's {@code timed_out}), else {@code
   * failure}.
   */
  public static AtomOutcome of(ExecutionBead bead) {
    if (bead.status() == BeadStatus.DONE) {
      return new AtomOutcome(
          Status.SUCCESS, summaryOf(bead.result()), bead.toolCallCount(), "success", false);
    }
    return new AtomOutcome(
        Status.FAILURE,
        summaryOf(bead.result()),
        bead.toolCallCount(),
        failureOutcome(bead.result()),
        true);
  }

  private static String failureOutcome(Object result) {
    if (result instanceof java.util.Map<?, ?> m) {
      if (m.get("trace") instanceof java.util.Map<?, ?> trace
          && trace.get("outcome") instanceof String word
          && !word.isBlank()) {
        return word;
      }
      if ("timed_out".equals(m.get("error"))) {
        return "timeout";
      }
    }
    return "failure";
  }
}
