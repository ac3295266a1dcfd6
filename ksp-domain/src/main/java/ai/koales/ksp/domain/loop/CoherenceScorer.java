package ai.koales.ksp.domain.loop;

import java.util.List;
import java.util.Map;

/** How coherent an amendment is with the claims it answers, from 0 to 1 (core.md §4.5). */
public interface CoherenceScorer {

  double coherence(String amendmentId, Map<String, Object> change, List<String> claims);
}
