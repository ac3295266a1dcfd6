package ai.koales.ksp.domain.commissioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planner that needs no network and no model (coordination.md §6, the default): it templates
 * valid artifacts from its inputs and carries the elucidation's title, problem, goal and acceptance
 * criteria through every pass. Priority medium, category general, evidence the elucidation; one
 * success criterion per acceptance criterion (or per sentence of the capability); PRD version 1.0
 * with acceptance criteria = success criteria. Same input, same output, so replays are idempotent.
 */
public final class DeterministicPlanner implements Planner {

  @Override
  public Map<String, Object> pressure(Elucidation e, CommissioningSignal s) {
    String title = e.text("title", "Signal " + s.dispositionEventId());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("title", title);
    p.put(
        "description",
        e.text(
            "problem", "Disposition " + s.dispositionEventId() + " for repository " + s.repoId()));
    p.put("priority", "medium");
    p.put("category", "general");
    p.put("evidence", List.of(e.id()));
    p.put("goal", e.text("goal", title));
    p.put("acceptanceCriteria", e.criteria());
    return p;
  }

  @Override
  public Map<String, Object> capability(Map<String, Object> pressure, CommissioningSignal s) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("title", "Capability: " + pressure.get("title"));
    c.put("description", String.valueOf(pressure.get("goal")));
    c.put(
        "gapAnalysis",
        "Needed: " + pressure.get("goal") + ". Pressure: " + pressure.get("description"));
    c.put("acceptanceCriteria", pressure.getOrDefault("acceptanceCriteria", List.of()));
    c.put("problem", pressure.get("description"));
    c.put("goal", pressure.get("goal"));
    return c;
  }

  @Override
  public Map<String, Object> functionProposal(
      Map<String, Object> capability, CommissioningSignal s) {
    List<String> criteria = new ArrayList<>();
    if (capability.get("acceptanceCriteria") instanceof List<?> l) {
      l.forEach(x -> criteria.add(String.valueOf(x)));
    }
    if (criteria.isEmpty()) {
      for (String sentence :
          String.valueOf(capability.get("description")).split("(?<=[.!?])\\s+")) {
        if (!sentence.isBlank()) {
          criteria.add(sentence.trim());
        }
      }
    }
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("title", "Function: " + capability.get("title"));
    f.put("description", String.valueOf(capability.get("description")));
    f.put("rationale", String.valueOf(capability.get("gapAnalysis")));
    f.put("successCriteria", criteria);
    f.put("problem", capability.get("problem"));
    f.put("goal", capability.get("goal"));
    return f;
  }

  @Override
  public Map<String, Object> intentSpecification(
      Map<String, Object> fp, Map<String, Object> capability, CommissioningSignal s) {
    Map<String, Object> is = new LinkedHashMap<>();
    is.put("version", "1.0");
    is.put("problem", String.valueOf(fp.getOrDefault("problem", fp.get("description"))));
    is.put("goal", String.valueOf(fp.getOrDefault("goal", fp.get("title"))));
    is.put("acceptanceCriteria", fp.get("successCriteria"));
    is.put("successMetrics", List.of("every acceptance criterion is met by a completed atom"));
    is.put("constraints", List.of());
    is.put("outOfScope", List.of());
    is.put("rationale", String.valueOf(fp.get("rationale")));
    return is;
  }
}
