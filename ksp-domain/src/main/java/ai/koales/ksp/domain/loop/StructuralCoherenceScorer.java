package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.bead.AutonomyLevel;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The default coherence scorer, needing no model: an amendment is incoherent (0) when it changes
 * nothing, tries to change what its target is about ({@code subject_id}, {@code scope}, {@code
 * role_id}), or proposes a value its target's schema refuses (a trust score outside 0..1, an
 * unknown autonomy level); otherwise it scores the factory's default 0.8 (core.md §4.5 "Default:
 * coherence 0.8"). A model-backed scorer can replace it.
 */
public final class StructuralCoherenceScorer implements CoherenceScorer {

  public static final double DEFAULT_COHERENCE = 0.8;

  private static final Set<String> IDENTITY = Set.of("subject_id", "scope", "role_id");

  @Override
  public double coherence(String amendmentId, Map<String, Object> change, List<String> claims) {
    if (change == null || change.isEmpty()) {
      return 0;
    }
    for (Map.Entry<String, Object> e : change.entrySet()) {
      if (IDENTITY.contains(e.getKey())) {
        return 0;
      }
      if ("trust_score".equals(e.getKey())
          && !(e.getValue() instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
        return 0;
      }
      if ("autonomy".equals(e.getKey()) && AutonomyLevel.parse(e.getValue()).isEmpty()) {
        return 0;
      }
    }
    return DEFAULT_COHERENCE;
  }
}
