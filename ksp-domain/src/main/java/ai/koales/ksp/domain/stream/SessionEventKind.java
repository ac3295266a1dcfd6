package ai.koales.ksp.domain.stream;

/**
 * The kinds of session events, numbered exactly as the proto {@code
 * weops.factory.v1.SessionEventKind} (edges.md §1.1); the numbers are part of the wire contract and
 * are never renumbered.
 */
public enum SessionEventKind {
  SESSION_EVENT_KIND_UNSPECIFIED(0),
  SESSION_SUBMITTED(1),
  CANDIDATE_SET_BUILT(2),
  APPROVAL_GRANTED(3),
  COMPILATION_STARTED(4),
  COMPILATION_COMPLETE(5),
  COMPILATION_FAILED(6),
  REVIEW_REQUIRED(7),
  REVIEW_RESOLVED(8),
  DEPLOYING(9),
  MONITORED(10),
  BEAD_CLAIMED(11),
  BEAD_RELEASED(12),
  BEAD_FAILED(13),
  BEAD_RESCUED(14),
  CONSENT_BEAD_DENIED(15),
  VERIFICATION_PRODUCED(16),
  DIVERGENCE_DETECTED(17),
  AMENDMENT_PROPOSED(18),
  AMENDMENT_ADOPTED(19),
  AMENDMENT_REJECTED(20),
  ARTIFACT_WRITTEN(21),
  EXECUTION_COMPLETE(22),
  EXECUTION_FAILED(23),
  SESSION_COMPLETED(24),
  SESSION_FAILED(25),
  SESSION_CANCELLED(26);

  private final int number;

  SessionEventKind(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** Kinds 24-26 end a session: nothing may be appended after them. */
  public boolean isTerminal() {
    return number >= 24;
  }

  /**
   * Lifecycle kinds 1-10 plus the terminal ones (STREAM_MODE_STATE_TRANSITIONS, edges.md §8 Q9).
   */
  public boolean isStateTransition() {
    return (number >= 1 && number <= 10) || isTerminal();
  }

  /** The kind named {@code name}, or UNSPECIFIED for names this version does not know. */
  public static SessionEventKind byName(String name) {
    for (SessionEventKind k : values()) {
      if (k.name().equals(name)) {
        return k;
      }
    }
    return SESSION_EVENT_KIND_UNSPECIFIED;
  }
}
