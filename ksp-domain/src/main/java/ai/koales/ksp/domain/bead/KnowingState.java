package ai.koales.ksp.domain.bead;

import java.util.List;
import java.util.Map;

/** The knowing state an agent acts on (core.md §1.4): contents only, bead ids dropped. */
public record KnowingState(
    Map<String, Object> policy,
    List<Map<String, Object>> trustedSubjects,
    Map<String, Object> consent,
    long retrievedAt) {}
