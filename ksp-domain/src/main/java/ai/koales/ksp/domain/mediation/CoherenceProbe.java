package ai.koales.ksp.domain.mediation;

import ai.koales.ksp.domain.mediation.CompileFailureException.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step 4 of the compile (coordination.md §4.4): the first failure wins, as {@code
 * coherence-failure}. (a) every atom is bound to an {@code INV-*} invariant; (b) the atoms'
 * dependencies inside the batch have no cycle (Kahn's algorithm; the message names the cycle); (c)
 * every tool an atom's gear permits has a schema in {@link ToolSchemas}; (d) every invariant an
 * atom binds is a known invariant of the org (skipped when none are registered).
 */
public final class CoherenceProbe {

  private CoherenceProbe() {}

  public static void check(
      List<WorkGraphAtom> atoms, Map<String, GearSpec> gears, Set<String> knownInvariants) {
    for (WorkGraphAtom a : atoms) {
      if (a.invariantIds().stream().noneMatch(i -> i.startsWith("INV-"))) {
        throw failure("atom " + a.atomId() + " has no INV-* binding");
      }
    }
    cycle(atoms);
    for (WorkGraphAtom a : atoms) {
      GearSpec gear = gears.get(a.gearId());
      for (String tool : gear.allowedTools()) {
        if (ToolSchemas.find(tool).isEmpty()) {
          throw failure(
              "tool "
                  + tool
                  + " permitted by gear "
                  + gear.id()
                  + " (atom "
                  + a.atomId()
                  + ") has no schema");
        }
      }
    }
    if (!knownInvariants.isEmpty()) {
      for (WorkGraphAtom a : atoms) {
        for (String inv : a.invariantIds()) {
          if (!knownInvariants.contains(inv)) {
            throw failure(
                "atom "
                    + a.atomId()
                    + " binds "
                    + inv
                    + ", which is not a known invariant of the org");
          }
        }
      }
    }
  }

  /** Kahn's algorithm over the dependencies inside the batch; a left-over node lies on a cycle. */
  static void cycle(List<WorkGraphAtom> atoms) {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (WorkGraphAtom a : atoms) {
      deps.put(a.atomId(), a.dependsOn());
    }
    Map<String, Integer> inDegree = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    for (WorkGraphAtom a : atoms) {
      inDegree.putIfAbsent(a.atomId(), 0);
      for (String d : a.dependsOn()) {
        if (deps.containsKey(d)) {
          inDegree.merge(a.atomId(), 1, Integer::sum);
          dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(a.atomId());
        }
      }
    }
    Deque<String> ready = new ArrayDeque<>();
    inDegree.forEach(
        (k, v) -> {
          if (v == 0) {
            ready.add(k);
          }
        });
    int done = 0;
    while (!ready.isEmpty()) {
      String n = ready.poll();
      done++;
      for (String c : dependents.getOrDefault(n, List.of())) {
        if (inDegree.merge(c, -1, Integer::sum) == 0) {
          ready.add(c);
        }
      }
    }
    if (done == deps.size()) {
      return;
    }
    String start =
        deps.keySet().stream().filter(k -> inDegree.get(k) > 0).findFirst().orElseThrow();
    List<String> path = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    String at = start;
    while (seen.add(at)) {
      path.add(at);
      String current = at;
      at =
          deps.get(current).stream()
              .filter(d -> deps.containsKey(d) && inDegree.get(d) > 0)
              .findFirst()
              .orElseThrow();
    }
    List<String> loop = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
    loop.add(at);
    throw failure("circular dependsOn: " + String.join(" \u2192 ", loop));
  }

  private static CompileFailureException failure(String details) {
    return new CompileFailureException(Reason.COHERENCE_FAILURE, details);
  }
}
