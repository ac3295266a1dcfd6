package ai.koales.ksp.domain.coordination;

/**
 * Executes one atom attempt and returns its final text (coordination.md §4.2 step 3). Runners must
 * stop promptly when their thread is interrupted (P4: a timeout cancels the call, it does not race
 * it), and call every tool through {@code tools} first (I4).
 */
@FunctionalInterface
public interface AtomRunner {
  String run(AtomTask task, ToolGate tools) throws Exception;
}
