package ai.koales.ksp.domain.loop;

import java.util.Map;

/**
 * The architect's cross-repository pattern check (core.md §4.5 {@code checkCrossRepoPattern}), from
 * 0 to 1; optional: without one the verifier assumes a neutral 0.5.
 */
public interface PatternCheck {

  double pattern(String amendmentId, Map<String, Object> change);
}
