package ai.koales.ksp.domain.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The factory read model (edges.md §1.8 {@code artifacts}, {@code artifact_edges}, {@code
 * verification_reports}) as KSP's own session events describe it. Each internal {@code
 * sessionEvents} event that reports an artifact or a verification is projected, when it is
 * appended, into what GraphQL's {@code artifact}, {@code lineage}, {@code FactorySession.artifacts}
 * and {@code verificationReports} read, and into the {@code artifactWrites} event of the session's
 * assembly (edges.md §1.5 payload {@code {artifactId, kind, contentHash, storageRef}}):
 *
 * <ul>
 *   <li>{@code ARTIFACT_WRITTEN} {@code {artifactId, kind (node type), artifactKind?, contentHash?,
 *       storageRef?, edges?: [{target, rel}]}}: an artifact of {@code artifactKind}, else of the
 *       kind its node type maps to ({@link #kindOfNodeType}), with its edges; a node type that maps
 *       to no ArtifactKind is not an artifact of the factory;
 *   <li>{@code EXECUTION_COMPLETE} / {@code EXECUTION_FAILED} {@code {traceNodeId}} (BP3): the
 *       trace, an {@code EXECUTION_TRACE};
 *   <li>{@code AMENDMENT_PROPOSED} {@code {amendmentNodeId}} (BP4): an {@code AMENDMENT};
 *   <li>{@code VERIFICATION_PRODUCED} {@code {verificationId, verificationType, outcome, score?,
 *       notes?, artifactId? | specificationId?}}: a report of that kind;
 *   <li>{@code DIVERGENCE_DETECTED} {@code {divergenceId, claimId, severity}}: a failed FIDELITY
 *       report (a divergence is one, as the gateway shows it).
 * </ul>
 *
 * Nothing is invented: a member the event does not carry stays null.
 */
public final class FactoryProjection {

  /** The SDL's ArtifactKind values (edges.md §1.7). */
  public static final Set<String> ARTIFACT_KINDS =
      Set.of(
          "COMPILED_FUNCTION",
          "REVIEW_REPORT",
          "AMENDMENT",
          "VERIFICATION_REPORT",
          "EXECUTION_TRACE",
          "SPECIFICATION",
          "ELUCIDATION");

  /** The SDL's VerificationKind values. */
  public static final Set<String> VERIFICATION_KINDS = Set.of("FIDELITY", "COHERENCE", "SAFETY");

  private FactoryProjection() {}

  /** An artifact of a session with the edges that leave it. */
  public record Artifact(
      String id,
      String kind,
      String contentRef,
      String contentHash,
      long createdAt,
      Map<String, Object> metadata,
      List<Edge> edges) {}

  /** An edge of the factory artifact graph. */
  public record Edge(String sourceId, String targetId, String rel) {}

  /** A verification report of a session. */
  public record Report(
      String reportId,
      String kind,
      String verdict,
      Double score,
      String notes,
      long producedAt,
      String artifactId) {}

  /** What one event says about the read model (both empty for most events). */
  public record Projected(Optional<Artifact> artifact, Optional<Report> report) {
    static final Projected NOTHING = new Projected(Optional.empty(), Optional.empty());
  }

  /**
   * The artifact kind of an artifact-graph node type, if it is one the factory reports: the
   * commissioning passes' analysis (pressure, capability, function proposal) elucidates the signal;
   * the intent specification is the session's specification; mediation's compiled specification and
   * atom directives are the compiled function.
   */
  public static Optional<String> kindOfNodeType(String nodeType) {
    if (nodeType == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        switch (nodeType) {
          case "ElucidationArtifact", "Pressure", "Capability", "FunctionProposal" -> "ELUCIDATION";
          case "IntentSpecification", "PRD" -> "SPECIFICATION";
          case "Specification", "AtomDirective" -> "COMPILED_FUNCTION";
          case "ExecutionTrace", "TraceFragment" -> "EXECUTION_TRACE";
          case "Amendment" -> "AMENDMENT";
          case "CoverageReport", "ConsolidationReport" -> "VERIFICATION_REPORT";
          default -> null;
        });
  }

  /** What an internal {@code sessionEvents} event adds to the read model. */
  public static Projected of(BufferedEvent e) {
    if (e.stream() != EventStream.SESSION_EVENTS) {
      return Projected.NOTHING;
    }
    Map<String, Object> p = e.payload();
    return switch (e.kind()) {
      case "ARTIFACT_WRITTEN" -> {
        String id = text(p, "artifactId");
        String explicit = text(p, "artifactKind");
        Optional<String> kind =
            explicit != null && ARTIFACT_KINDS.contains(explicit)
                ? Optional.of(explicit)
                : kindOfNodeType(text(p, "kind"));
        if (id == null || kind.isEmpty()) {
          yield Projected.NOTHING;
        }
        yield artifact(id, kind.get(), e, text(p, "storageRef"), text(p, "contentHash"));
      }
      case "EXECUTION_COMPLETE", "EXECUTION_FAILED" -> {
        String trace = text(p, "traceNodeId");
        yield trace == null
            ? Projected.NOTHING
            : artifact(trace, "EXECUTION_TRACE", e, null, text(p, "contentHash"));
      }
      case "AMENDMENT_PROPOSED" -> {
        String amendment = text(p, "amendmentNodeId");
        yield amendment == null
            ? Projected.NOTHING
            : artifact(amendment, "AMENDMENT", e, null, text(p, "contentHash"));
      }
      case "VERIFICATION_PRODUCED" -> {
        String id = text(p, "verificationId");
        String type = upper(text(p, "verificationType"));
        String verdict = text(p, "outcome");
        if (id == null || type == null || !VERIFICATION_KINDS.contains(type) || verdict == null) {
          yield Projected.NOTHING;
        }
        String subject = text(p, "artifactId");
        yield report(
            new Report(
                id,
                type,
                verdict,
                p.get("score") instanceof Number n ? n.doubleValue() : null,
                text(p, "notes"),
                e.occurredAt(),
                subject != null ? subject : text(p, "specificationId")));
      }
      case "DIVERGENCE_DETECTED" -> {
        String id = text(p, "divergenceId");
        if (id == null) {
          yield Projected.NOTHING;
        }
        String claim = text(p, "claimId");
        String severity = text(p, "severity");
        String notes =
            claim == null
                ? null
                : "claim " + claim + (severity == null ? "" : " diverged (" + severity + ")");
        yield report(new Report(id, "FIDELITY", "FAIL", null, notes, e.occurredAt(), null));
      }
      default -> Projected.NOTHING;
    };
  }

  /**
   * The {@code artifactWrites} event of an artifact (edges.md §1.5: {@code {artifactId, kind,
   * contentHash, storageRef}}, kind the artifact's kind), scoped to the session's assembly; it
   * follows the event that reported the artifact in the same stream.
   */
  public static DomainEvent artifactWrite(
      String streamId, Artifact a, String runId, String assemblyId, long occurredAt) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("artifactId", a.id());
    p.put("kind", a.kind());
    p.put("contentHash", a.contentHash());
    p.put("storageRef", a.contentRef());
    return new DomainEvent(
        streamId,
        EventStream.ARTIFACT_WRITES,
        "ARTIFACT_WRITTEN",
        runId,
        assemblyId,
        p,
        occurredAt,
        false);
  }

  private static Projected artifact(
      String id, String kind, BufferedEvent e, String storageRef, String contentHash) {
    List<Edge> edges = new ArrayList<>();
    if (e.payload().get("edges") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> m
            && m.get("target") instanceof String target
            && !target.isBlank()) {
          Object rel = m.get("rel");
          edges.add(new Edge(id, target, rel instanceof String r ? r : ""));
        }
      }
    }
    Artifact a =
        new Artifact(
            id,
            kind,
            storageRef != null ? storageRef : id,
            contentHash,
            e.occurredAt(),
            e.payload(),
            List.copyOf(edges));
    return new Projected(Optional.of(a), Optional.empty());
  }

  private static Projected report(Report r) {
    return new Projected(Optional.empty(), Optional.of(r));
  }

  private static String text(Map<String, Object> p, String key) {
    return p.get(key) instanceof String s && !s.isBlank() ? s : null;
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }
}
