package ai.koales.ksp.web.stream.graphql;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.AmendmentsQuery;
import ai.koales.ksp.domain.stream.ArtifactEdge;
import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.EventStream;
import ai.koales.ksp.domain.stream.EvidenceChain;
import ai.koales.ksp.domain.stream.Lineage;
import ai.koales.ksp.domain.stream.OpenReviews;
import ai.koales.ksp.domain.stream.ReplayFilter;
import ai.koales.ksp.domain.stream.RunBeadsQuery;
import ai.koales.ksp.domain.stream.SessionPageRequest;
import ai.koales.ksp.domain.stream.StreamId;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.domain.stream.SubscriptionEvents;
import ai.koales.ksp.persistence.platform.JsonValues;
import ai.koales.ksp.persistence.stream.ArtifactRow.ArtifactView;
import ai.koales.ksp.persistence.stream.FactoryReads;
import ai.koales.ksp.persistence.stream.LiveStreams;
import ai.koales.ksp.persistence.stream.SessionStateRow.SessionView;
import ai.koales.ksp.persistence.stream.Subscription;
import ai.koales.ksp.persistence.stream.VerificationReportRow.ReportView;
import ai.koales.ksp.web.platform.Identity;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.Amendment;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.AmendmentStatus;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.ArtifactKind;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.BeadStatus;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.ConsentBead;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.ConsentVerdict;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.EpistemicSurface;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.EvidenceBundle;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.EvidenceChainType;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.ExecutionBead;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.FactoryArtifact;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.FactorySession;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.IntentSpecRef;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.LineageEdge;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.LineageGraph;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.ReviewPrompt;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.SessionPage;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.SessionStatus;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.VerificationKind;
import ai.koales.ksp.web.stream.graphql.FactoryTypes.VerificationReport;
import io.smallrye.graphql.api.Context;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/**
 * The factory's GraphQL API (edges.md §1.7, §2.4): seven read queries over the session read model
 * and three subscriptions over the event buffers. Every operation needs a caller with a KSP role;
 * sessions (and what hangs off them) of another org are refused or left out. Thin: each field reads
 * through one application service and maps to the SDL's types.
 */
@GraphQLApi
@ApplicationScoped
public class FactoryGraphQl {

  private static final Logger LOG = Logger.getLogger(FactoryGraphQl.class.getName());

  @Inject Context context;
  @Inject FactoryReads reads;
  @Inject LiveStreams live;
  @Inject RunBeadsQuery runBeads;
  @Inject AmendmentsQuery runAmendments;

  // ---- queries -------------------------------------------------------------------------------

  @Query("session")
  @Description("A factory session, or null when there is none with this id")
  public FactorySession session(@Id @NonNull @Name("id") String id) throws GraphQlProblem {
    return guard(
        () -> {
          StreamReader reader = reader();
          return reads
              .session(id)
              .map(
                  s -> {
                    reader.requireAccess(s.sessionId(), s.orgId());
                    return session(s);
                  })
              .orElse(null);
        });
  }

  @Query("sessions")
  @Description(
      "An assembly's sessions in id order: limit default 20, at most 100; cursor = the previous"
          + " page's cursor, given only when that page was full")
  public @NonNull SessionPage sessions(
      @Id @NonNull @Name("assemblyId") String assemblyId,
      @Name("status") SessionStatus status,
      @Name("limit") Integer limit,
      @Name("cursor") String cursor)
      throws GraphQlProblem {
    return guard(
        () -> {
          SessionPageRequest page = SessionPageRequest.of(limit, cursor);
          List<SessionView> rows =
              reads.sessions(assemblyId, status == null ? null : status.name(), page, reader());
          return new SessionPage(
              rows.stream().map(FactoryGraphQl::session).toList(),
              page.nextCursor(
                  rows.isEmpty() ? null : rows.get(rows.size() - 1).sessionId(), rows.size()));
        });
  }

  @Query("sessionsByWorkOrder")
  @Description("A work order's sessions, oldest first")
  public @NonNull List<@NonNull FactorySession> sessionsByWorkOrder(
      @Id @NonNull @Name("workOrderId") String workOrderId) throws GraphQlProblem {
    return guard(
        () ->
            reads.sessionsByWorkOrder(workOrderId, reader()).stream()
                .map(FactoryGraphQl::session)
                .toList());
  }

  @Query("artifact")
  @Description("A factory artifact, or null")
  public FactoryArtifact artifact(@Id @NonNull @Name("id") String id) throws GraphQlProblem {
    return guard(
        () -> {
          StreamReader reader = reader();
          return reads
              .artifact(id)
              .map(
                  a -> {
                    reader.requireAccess(a.sessionId(), reads.artifactOrg(a).orElse(null));
                    return artifact(a);
                  })
              .orElse(null);
        });
  }

  @Query("lineage")
  @Description(
      "The artifact's forward lineage over artifact edges: depth default 3, at most 5; each edge"
          + " once, cycle-safe")
  public @NonNull LineageGraph lineage(
      @Id @NonNull @Name("artifactId") String artifactId, @Name("depth") Integer depth)
      throws GraphQlProblem {
    return guard(
        () -> {
          int d = Lineage.depth(depth);
          StreamReader reader = reader();
          reads
              .artifact(artifactId)
              .ifPresent(
                  a -> reader.requireAccess(a.sessionId(), reads.artifactOrg(a).orElse(null)));
          List<LineageEdge> edges = new ArrayList<>();
          for (ArtifactEdge e : reads.lineage(artifactId, d, reader)) {
            edges.add(new LineageEdge(e.sourceId(), e.targetId(), e.rel(), json(e.props())));
          }
          return new LineageGraph(artifactId, d, edges);
        });
  }

  @Query("beads")
  @Description("A run's execution beads ([] when the run is unknown)")
  public @NonNull List<@NonNull ExecutionBead> beads(@Id @NonNull @Name("runId") String runId)
      throws GraphQlProblem {
    return guard(() -> beadsOf(runId, reader()));
  }

  @Query("amendments")
  @Description("The amendments proposed for a run ([] when the run is unknown)")
  public @NonNull List<@NonNull Amendment> amendments(@Id @NonNull @Name("runId") String runId)
      throws GraphQlProblem {
    return guard(() -> amendmentsOf(runId, reader()));
  }

  // ---- FactorySession fields -------------------------------------------------------------------

  @Name("beads")
  @Description("The execution beads of the session's run (run id, else the session id)")
  public @NonNull List<@NonNull ExecutionBead> sessionBeads(@Source FactorySession s)
      throws GraphQlProblem {
    return guard(() -> beadsOf(s.runId() != null ? s.runId() : s.id(), reader()));
  }

  @Name("amendments")
  public @NonNull List<@NonNull Amendment> sessionAmendments(@Source FactorySession s)
      throws GraphQlProblem {
    return guard(() -> amendmentsOf(s.runId() != null ? s.runId() : s.id(), reader()));
  }

  @Name("artifacts")
  @Description("The session's artifacts of the given kinds (all when omitted), oldest first")
  public @NonNull List<@NonNull FactoryArtifact> sessionArtifacts(
      // Element type without @NonNull: SmallRye would make the argument itself required too.
      @Source FactorySession s, @Name("kinds") List<ArtifactKind> kinds) throws GraphQlProblem {
    return guard(
        () ->
            reads
                .artifactsOf(
                    s.id(),
                    kinds == null
                        ? List.of()
                        : kinds.stream()
                            .filter(java.util.Objects::nonNull)
                            .map(Enum::name)
                            .toList())
                .stream()
                .map(FactoryGraphQl::artifact)
                .toList());
  }

  @Name("verificationReports")
  public @NonNull List<@NonNull VerificationReport> sessionReports(@Source FactorySession s)
      throws GraphQlProblem {
    return guard(() -> reads.reportsOf(s.id()).stream().map(FactoryGraphQl::report).toList());
  }

  @Name("evidenceChain")
  public EvidenceChainType sessionEvidence(@Source FactorySession s) throws GraphQlProblem {
    return guard(
        () -> {
          EvidenceChain chain = EvidenceChain.of(s.id(), reads.sessionLog(s.id()));
          List<EvidenceBundle> bundles = new ArrayList<>();
          for (EvidenceChain.Bundle b : chain.bundles()) {
            BufferedEvent e = b.event();
            bundles.add(
                new EvidenceBundle(
                    b.bundleId(),
                    (int) e.seq(),
                    e.stream().wireName(),
                    e.kind(),
                    json(e.payload()),
                    SubscriptionEvents.iso(e.occurredAt())));
          }
          return new EvidenceChainType(
              chain.sessionId(), chain.root(), chain.tip(), chain.bundleCount(), bundles);
        });
  }

  @Name("reviewPrompts")
  @Description(
      "Reviews still open: REVIEW_REQUIRED events of the session's log not yet answered by a"
          + " REVIEW_RESOLVED event with the same prompt id")
  public @NonNull List<@NonNull ReviewPrompt> sessionReviewPrompts(@Source FactorySession s)
      throws GraphQlProblem {
    return guard(
        () ->
            OpenReviews.of(reads.sessionLog(s.id())).stream()
                .map(
                    p ->
                        new ReviewPrompt(
                            p.promptId(),
                            p.role(),
                            p.question(),
                            json(p.context()),
                            p.requiredBy()))
                .toList());
  }

  @Name("epistemicSurface")
  @Description(
      "The decision surface of the submitting envelope; null until the gateway records one")
  public EpistemicSurface sessionEpistemicSurface(@Source FactorySession s) {
    return null;
  }

  // ---- subscriptions ---------------------------------------------------------------------------

  @io.smallrye.graphql.api.Subscription("sessionEvents")
  @Description(
      "The session's sessionEvents after the client's last seq (extensions.lastSeq, else 0):"
          + " replay, then live; completes after the terminal event")
  public Multi<JsonObject> sessionEvents(@Id @NonNull @Name("sessionId") String sessionId)
      throws GraphQlProblem {
    return guard(
        () -> {
          String id = StreamId.of(sessionId).value();
          StreamReader reader = reader();
          long lastSeq = lastSeq();
          String workOrderId = reads.session(id).map(SessionView::workOrderId).orElse(null);
          GraphQlSubscription out =
              new GraphQlSubscription(
                  e -> SubscriptionEvents.sessionEvent(e, workOrderId), connectionEnd());
          Subscription s = live.subscribe(id, lastSeq, ReplayFilter.SESSION_EVENTS, reader, out);
          return out.multi(s);
        });
  }

  @io.smallrye.graphql.api.Subscription("artifactWrites")
  @Description(
      "artifactWrites of every session of the assembly; seq is per session, cursors in"
          + " extensions.lastSeqBySession (else extensions.lastSeq, else 0)")
  public Multi<JsonObject> artifactWrites(@Id @NonNull @Name("assemblyId") String assemblyId)
      throws GraphQlProblem {
    return guard(
        () ->
            scoped(
                EventStream.ARTIFACT_WRITES, false, assemblyId, SubscriptionEvents::artifactWrite));
  }

  @io.smallrye.graphql.api.Subscription("beadUpdates")
  @Description("beadUpdates of the run, across sessions; cursors as for artifactWrites")
  public Multi<JsonObject> beadUpdates(@Id @NonNull @Name("runId") String runId)
      throws GraphQlProblem {
    return guard(
        () -> scoped(EventStream.BEAD_UPDATES, true, runId, SubscriptionEvents::beadUpdate));
  }

  private Multi<JsonObject> scoped(
      EventStream stream,
      boolean byRun,
      String scopeId,
      Function<BufferedEvent, Map<String, Object>> shape) {
    StreamReader reader = reader();
    long lastSeq = lastSeq();
    Map<String, Long> cursors = lastSeqBySession();
    GraphQlSubscription out = new GraphQlSubscription(shape, connectionEnd());
    Subscription s = live.subscribeScope(stream, byRun, scopeId, cursors, lastSeq, reader, out);
    return out.multi(s);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Runs a resolver: business failures become coded GraphQL errors, defects are logged. */
  private <T> T guard(java.util.function.Supplier<T> resolver) throws GraphQlProblem {
    try {
      return resolver.get();
    } catch (KspException e) {
      throw GraphQlProblem.of(e);
    } catch (RuntimeException e) {
      String id = "urn:ksp:request:" + UUID.randomUUID();
      LOG.log(Level.SEVERE, "Unexpected GraphQL failure, correlation id " + id, e);
      throw GraphQlProblem.internal(id);
    }
  }

  private StreamReader reader() {
    Identity who = GraphQlCallers.identity(context);
    return GraphQlCallers.reader(who);
  }

  private GraphQlSubscription.Connection connectionEnd() {
    Object c = GraphQlCallers.fromContext(context, GraphQlCallers.OPERATION);
    return c instanceof GraphQlSubscription.Connection connection ? connection : reason -> {};
  }

  /** The client's cursor: extensions.lastSeq, else the socket's last_seq query, else 0. */
  private long lastSeq() {
    JsonValue v = extensions().get("lastSeq");
    if (v == null || v == JsonValue.NULL) {
      Object fromSocket = GraphQlCallers.fromContext(context, GraphQlCallers.LAST_SEQ);
      return fromSocket instanceof Long l ? l : 0;
    }
    return cursorValue("extensions.lastSeq", v);
  }

  private Map<String, Long> lastSeqBySession() {
    JsonValue v = extensions().get("lastSeqBySession");
    if (v == null || v == JsonValue.NULL) {
      return Map.of();
    }
    if (!(v instanceof JsonObject o)) {
      throw new InvalidInputException(
          "invalid-cursor", "extensions.lastSeqBySession", "must map session ids to seqs");
    }
    Map<String, Long> out = new HashMap<>();
    o.forEach((session, seq) -> out.put(session, cursorValue("extensions.lastSeqBySession", seq)));
    return out;
  }

  private JsonObject extensions() {
    JsonObject request = context.getRequest();
    JsonValue ext = request == null ? null : request.get("extensions");
    return ext instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
  }

  private static long cursorValue(String field, JsonValue v) {
    if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0) {
      return n.longValue();
    }
    if (v instanceof JsonString s && s.getString().matches("[0-9]{1,18}")) {
      return Long.parseLong(s.getString());
    }
    throw new InvalidInputException("invalid-cursor", field, "must be a non-negative integer");
  }

  private List<ExecutionBead> beadsOf(String runId, StreamReader reader) {
    Optional<RunBeadsQuery.RunBeads> run = runBeads.beadsOf(runId);
    if (run.isEmpty()) {
      return List.of();
    }
    reader.requireAccess(runId, run.get().orgId());
    List<ExecutionBead> out = new ArrayList<>();
    for (RunBeadsQuery.RunBead b : run.get().beads()) {
      List<ConsentBead> consents = new ArrayList<>();
      for (RunBeadsQuery.RunConsent c : b.consentBeads()) {
        consents.add(
            new ConsentBead(
                c.id(),
                c.beadId(),
                c.roleId(),
                c.grants(),
                ConsentVerdict.valueOf(c.status()),
                c.grantedBy(),
                SubscriptionEvents.iso(c.grantedAt()),
                iso(c.expiresAt()),
                c.revokes()));
      }
      out.add(
          new ExecutionBead(
              b.id(),
              b.moleculeId(),
              b.gearId(),
              b.nodeId(),
              BeadStatus.valueOf(b.status()),
              b.assignedTo(),
              b.attemptCount(),
              json(b.payload()),
              json(b.result()),
              iso(b.createdAt()),
              iso(b.updatedAt()),
              consents));
    }
    return out;
  }

  private List<Amendment> amendmentsOf(String runId, StreamReader reader) {
    Optional<AmendmentsQuery.RunAmendments> run = runAmendments.amendmentsOf(runId);
    if (run.isEmpty()) {
      return List.of();
    }
    reader.requireAccess(runId, run.get().orgId());
    return run.get().amendments().stream()
        .map(
            a ->
                new Amendment(
                    a.id(),
                    a.beadId(),
                    a.targetBeadId(),
                    a.targetType(),
                    a.proposedChange() == null ? JsonValue.NULL : json(a.proposedChange()),
                    a.rationale(),
                    a.triggeredBy(),
                    AmendmentStatus.valueOf(a.status()),
                    a.reviewedBy(),
                    iso(a.reviewedAt()),
                    a.artifactGraphAmendmentId()))
        .toList();
  }

  static FactorySession session(SessionView s) {
    // All three parts or no reference: the SDL's fields are non-null and nothing is invented.
    IntentSpecRef spec =
        s.intentSpecId() == null || s.intentSpecVersion() == null || s.intentSpecDomain() == null
            ? null
            : new IntentSpecRef(s.intentSpecId(), s.intentSpecVersion(), s.intentSpecDomain());
    return new FactorySession(
        s.sessionId(),
        s.assemblyId(),
        s.workOrderId(),
        enumValue(SessionStatus.class, s.status(), "session_state.status"),
        SubscriptionEvents.iso(s.createdAt()),
        SubscriptionEvents.iso(s.updatedAt()),
        s.runId(),
        s.orgId(),
        spec);
  }

  static FactoryArtifact artifact(ArtifactView a) {
    return new FactoryArtifact(
        a.id(),
        a.sessionId(),
        enumValue(ArtifactKind.class, a.kind(), "artifacts.kind"),
        a.contentRef(),
        a.contentHash(),
        SubscriptionEvents.iso(a.createdAt()),
        json(a.metadata()));
  }

  static VerificationReport report(ReportView r) {
    return new VerificationReport(
        r.reportId(),
        r.sessionId(),
        enumValue(VerificationKind.class, r.kind(), "verification_reports.kind"),
        r.verdict(),
        r.score(),
        r.notes(),
        SubscriptionEvents.iso(r.producedAt()),
        r.artifactId());
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String column) {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new KspException(
          "invalid-stored-value",
          FailureKind.UNPROCESSABLE,
          column + " holds \"" + value + "\", which is not a " + type.getSimpleName());
    }
  }

  static JsonValue json(Object value) {
    return value == null ? null : JsonValues.value(value);
  }

  private static String iso(Long epochMillis) {
    return epochMillis == null ? null : SubscriptionEvents.iso(epochMillis);
  }
}
