package ai.koales.ksp.domain.mediation;

import java.util.List;

/**
 * What mediation needs of a registered gear (coordination.md §1.3), whatever context owns gears.
 */
public record GearSpec(
    String id,
    String name,
    String role,
    String modelId,
    String thinkingLevel,
    String skillRef,
    List<String> allowedTools) {

  public GearSpec {
    allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
  }
}
