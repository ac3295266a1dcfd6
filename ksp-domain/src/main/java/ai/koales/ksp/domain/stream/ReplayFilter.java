package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.Ids;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which of a session's events a reader wants (edges.md §2.3, §4.7): the streams (default {@code
 * sessionEvents}; empty csv items dropped) and optionally one run or one assembly. Scope filters
 * apply: the original ignored them on /replay.
 */
public record ReplayFilter(Set<EventStream> streams, String runId, String assemblyId) {

  public static final ReplayFilter SESSION_EVENTS =
      new ReplayFilter(EnumSet.of(EventStream.SESSION_EVENTS), null, null);

  public static final ReplayFilter ALL =
      new ReplayFilter(EnumSet.allOf(EventStream.class), null, null);

  public ReplayFilter {
    if (streams == null || streams.isEmpty()) {
      throw new IllegalArgumentException("at least one stream");
    }
    streams = Collections.unmodifiableSet(EnumSet.copyOf(streams));
  }

  /** Parses query parameters: {@code streams} as a csv of stream names, ids as given. */
  public static ReplayFilter parse(String streamsCsv, String runId, String assemblyId) {
    List<FieldViolation> violations = new ArrayList<>();
    Set<EventStream> streams = EnumSet.noneOf(EventStream.class);
    if (streamsCsv != null) {
      for (String item : streamsCsv.split(",", -1)) {
        String name = item.trim();
        if (name.isEmpty()) {
          continue;
        }
        EventStream s = EventStream.byWireName(name);
        if (s == null) {
          violations.add(
              new FieldViolation(
                  "query.streams",
                  "unknown stream \""
                      + clip(name)
                      + "\" (sessionEvents, artifactWrites, beadUpdates)"));
        } else {
          streams.add(s);
        }
      }
    }
    String run = blankToNull(runId);
    String assembly = blankToNull(assemblyId);
    if (run != null && !Ids.isValidId(run)) {
      violations.add(new FieldViolation("query.run_id", "must match " + Ids.ID.pattern()));
    }
    if (assembly != null && !Ids.isValidId(assembly)) {
      violations.add(new FieldViolation("query.assembly_id", "must match " + Ids.ID.pattern()));
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException("invalid-request", violations);
    }
    if (streams.isEmpty()) {
      streams.add(EventStream.SESSION_EVENTS);
    }
    return new ReplayFilter(streams, run, assembly);
  }

  public boolean matches(BufferedEvent e) {
    return streams.contains(e.stream())
        && (runId == null || runId.equals(e.scopeRunId()))
        && (assemblyId == null || assemblyId.equals(e.scopeAssemblyId()));
  }

  public boolean isEverything() {
    return streams.size() == EventStream.values().length && runId == null && assemblyId == null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
