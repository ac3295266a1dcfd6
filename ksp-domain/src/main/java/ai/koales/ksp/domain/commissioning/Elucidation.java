package ai.koales.ksp.domain.commissioning;

import java.util.List;
import java.util.Map;

/**
 * The elucidation artifact a signal points at (an ElucidationArtifact node of the org's graph
 * {@code main}): what the first pass works from. Its data may carry {@code title}, {@code problem},
 * {@code goal} and {@code acceptanceCriteria} (api.md "Commissioning and mediation").
 */
public record Elucidation(String id, Map<String, Object> data) {

  public Elucidation {
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  public String text(String field, String fallback) {
    Object v = data.get(field);
    return v instanceof String s && !s.isBlank() ? s : fallback;
  }

  public List<String> criteria() {
    Object v = data.get("acceptanceCriteria");
    if (v instanceof List<?> l) {
      return l.stream()
          .filter(x -> x instanceof String s && !s.isBlank())
          .map(String::valueOf)
          .toList();
    }
    return List.of();
  }
}
