package ai.koales.ksp.domain.coordination;

/**
 * The consent check every tool call of an atom passes before the tool runs (I4). Returns when the
 * tool may run; throws {@link ConsentDeniedException} when it may not (the bead is FAILED by then).
 */
@FunctionalInterface
public interface ToolGate {
  void call(String toolName, String toolCallId);
}
