package ai.koales.ksp.domain.coordination;

/**
 * The knowing-state side of an atom (review P1, P13): at claim a real session is opened for the
 * agent in the directive's role, its knowing state retrieved, and an execution bead recorded
 * through it; when the attempt ends its outcome is recorded against that execution bead. Loop
 * closure implements it with its bridge points BP1-BP3.
 */
public interface AtomSessions {

  /** The session opened for a claim and the execution bead recorded through it. */
  record Opened(String sessionId, String executionBeadId) {}

  /**
   * Opens and retrieves a session for {@code agentId} in {@code role}, then records the execution
   * of atom {@code beadId} ({@code action}: the atom's gear or skill). Fails closed: a retrieval
   * failure refuses the claim.
   */
  Opened open(
      String orgId,
      String runId,
      String beadId,
      int attempt,
      String agentId,
      String role,
      String action);

  /**
   * Records the outcome of an attempt against its execution bead; returns the outcome bead's id.
   * Recording the same outcome again finds the same bead.
   */
  String recordOutcome(PendingOutcome outcome);
}
