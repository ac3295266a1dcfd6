package ai.koales.ksp.domain.coordination;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one attempt of an atom produced (coordination.md §1.6 TraceFragment); a built-in agent
 * stores it as the bead's result. The raw output is cut at {@link #RAW_LIMIT} characters; the whole
 * output is then kept in the workspace and referenced by {@code sandboxOutputRef}.
 */
public record TraceFragment(
    String executionId,
    String directiveId,
    String atomRef,
    String workGraphVersion,
    String repoId,
    String outcome,
    String rawOutput,
    String sandboxOutputRef,
    long durationMs,
    int attemptNumber,
    long producedAt) {

  public static final int RAW_LIMIT = 4096;

  public static String executionId(String beadId, int attempt) {
    return beadId + "-attempt-" + attempt;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("executionId", executionId);
    m.put("directiveId", directiveId);
    m.put("atomRef", atomRef);
    m.put("workGraphVersion", workGraphVersion);
    m.put("repoId", repoId);
    m.put("outcome", outcome);
    m.put("rawOutput", rawOutput);
    m.put("sandboxOutputRef", sandboxOutputRef);
    m.put("durationMs", durationMs);
    m.put("attemptNumber", attemptNumber);
    m.put("producedAt", Instant.ofEpochMilli(producedAt).toString());
    return m;
  }
}
