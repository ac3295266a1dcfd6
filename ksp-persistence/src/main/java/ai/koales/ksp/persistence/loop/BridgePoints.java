package ai.koales.ksp.persistence.loop;

import ai.koales.ksp.domain.artifact.ArtifactEdge;
import ai.koales.ksp.domain.artifact.ArtifactNode;
import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.artifact.NodeTypes;
import ai.koales.ksp.domain.artifact.Relations;
import ai.koales.ksp.domain.bead.AuditAction;
import ai.koales.ksp.domain.bead.AutonomyLevel;
import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadGraph;
import ai.koales.ksp.domain.bead.BeadId;
import ai.koales.ksp.domain.bead.BeadNotFoundException;
import ai.koales.ksp.domain.bead.BeadType;
import ai.koales.ksp.domain.bead.BeadValidationException;
import ai.koales.ksp.domain.bead.BeadWrite;
import ai.koales.ksp.domain.bead.CacheKeys;
import ai.koales.ksp.domain.bead.CanonicalJson;
import ai.koales.ksp.domain.bead.FailSafeCache;
import ai.koales.ksp.domain.bead.KnowingStateCache;
import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.bead.KnowingStateSnapshot;
import ai.koales.ksp.domain.bead.SessionNotFoundException;
import ai.koales.ksp.domain.bead.SessionRepository;
import ai.koales.ksp.domain.loop.Adoption;
import ai.koales.ksp.domain.loop.AmendmentAlreadyResolvedException;
import ai.koales.ksp.domain.loop.AmendmentTargetSupersededException;
import ai.koales.ksp.domain.loop.AmendmentVerifier;
import ai.koales.ksp.domain.loop.DetectedDivergence;
import ai.koales.ksp.domain.loop.DivergenceDetector;
import ai.koales.ksp.domain.loop.ExecutionReport;
import ai.koales.ksp.domain.loop.Hypothesis;
import ai.koales.ksp.domain.loop.HypothesisBuilder;
import ai.koales.ksp.domain.loop.LoopIds;
import ai.koales.ksp.domain.loop.NoAmendmentTargetException;
import ai.koales.ksp.domain.loop.OutcomeReport;
import ai.koales.ksp.domain.loop.Severity;
import ai.koales.ksp.domain.loop.TraceFacts;
import ai.koales.ksp.domain.loop.UnanchoredException;
import ai.koales.ksp.domain.loop.VerificationResult;
import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.domain.stream.SessionEventKind;
import ai.koales.ksp.persistence.artifact.ArtifactGraphService;
import ai.koales.ksp.persistence.loop.LoopResults.AdoptionResult;
import ai.koales.ksp.persistence.loop.LoopResults.AmendmentProposal;
import ai.koales.ksp.persistence.loop.LoopResults.AmendmentProposed;
import ai.koales.ksp.persistence.loop.LoopResults.ExecutionRecorded;
import ai.koales.ksp.persistence.loop.LoopResults.OutcomeRecorded;
import ai.koales.ksp.persistence.platform.AfterCommit;
import ai.koales.ksp.persistence.platform.PartitionLocks;
import ai.koales.ksp.persistence.stream.EventOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bridge points BP1-BP5 of core.md §4.4, each one transaction across both graphs, in the
 * normative step order. Node ids derive from the bridge point's inputs ({@link LoopIds}) and beads
 * are content-addressed, so a retried bridge point writes nothing new (INV-LC-003, §6 item 10).
 */
@ApplicationScoped
public class BridgePoints {

  /** {@code written_by} of the beads loop closure writes on its own behalf (core.md §4.4 BP4). */
  public static final String LOOP_CLOSURE = "loop-closure-service";

  @Inject ArtifactGraphService artifacts;
  @Inject BeadGraph beads;
  @Inject SessionRepository sessions;
  @Inject KnowingStateCache cache;
  @Inject AfterCommit afterCommit;
  @Inject PartitionLocks partitions;
  @Inject EventOutbox outbox;
  @Inject DivergenceDetector detector;
  @Inject HypothesisBuilder hypothesisBuilder;
  @Inject AmendmentVerifier verifier;
  @Inject Event<DivergenceRecorded> divergenceRecorded;
  @Inject Clock clock;

  /**
   * Fired (observe it after success) for every divergence BP3 records, so the commissioning context
   * can react to it (core.md §4.4 BP3, the non-fatal {@code POST /divergence}).
   */
  public record DivergenceRecorded(
      String orgId,
      String graphId,
      String divergenceId,
      String specificationId,
      String streamId,
      String outcomeBeadId) {}

  // ------------------------------------------------------------------------------------- BP1

  /**
   * BP1: a session born retrieved. {@code snapshot} is the retrieval's result, or null when it
   * failed: the floor is then SUGGEST (I4), as it is when the org has no policy (Q3).
   */
  @Transactional
  public KnowingStateSession openSession(
      String orgId, String roleId, String agentId, String graphId, KnowingStateSnapshot snapshot) {
    GraphKey graph = GraphKey.of(orgId, graphId);
    AutonomyLevel floor =
        snapshot == null
            ? AutonomyLevel.SUGGEST
            : snapshot.policyAutonomy().orElse(AutonomyLevel.SUGGEST);
    String policyBeadId =
        snapshot == null || snapshot.policy() == null ? null : snapshot.policy().id().value();
    String trustBeadId =
        snapshot == null || snapshot.trustedSubjects().isEmpty()
            ? null
            : snapshot.trustedSubjects().get(0).id().value();
    String spec = activeSpecification(graph, roleId).map(ArtifactNode::id).orElse(null);
    KnowingStateSession s =
        KnowingStateSession.openRetrieved(
            orgId,
            roleId,
            agentId,
            floor,
            policyBeadId,
            trustBeadId,
            spec,
            graph.graph(),
            clock.millis());
    sessions.save(s);
    return s;
  }

  // ------------------------------------------------------------------------------------- BP2

  /**
   * BP2: the Execution node (with {@code governs} from the active specification) before the
   * execution bead that bridges to it (INV-LC-003); the bead's parents are the session's policy and
   * trust beads and its autonomy is the session's floor.
   */
  @Transactional
  public ExecutionRecorded recordExecution(String orgId, String sessionId, ExecutionReport report) {
    KnowingStateSession s = session(orgId, sessionId);
    GraphKey graph = graphOf(s);
    String nodeId = LoopIds.of("execution", sessionId, CanonicalJson.of(report.identity()));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("session_id", sessionId);
    data.put("agent_id", s.agentId());
    data.put("started", Instant.ofEpochMilli(clock.millis()).toString());
    data.put("domain", report.domain());
    data.put("action", report.action());
    data.put("tool_calls", report.toolCallCount());
    data.put("status", report.status());
    data.put("summary", report.summary());
    ArtifactNode node =
        artifacts.appendNodeIfAbsent(graph, nodeId, NodeTypes.EXECUTION, data).value();
    governedBy(graph, s, nodeId);

    // A retry carrying the idempotency key may word its report differently: the bead is built from
    // what the node recorded the first time, so the retry finds the same bead.
    Bead execution =
        executionBead(
            s,
            nodeId,
            textOr(node.get("action"), report.action()),
            textOr(node.get("summary"), report.summary()));
    BeadGraph.WriteResult written =
        beads.write(
            BeadWrite.of(
                execution,
                execution.audit(AuditAction.CREATE, s.agentId(), sessionId, execution.ts())));
    touch(s);
    return new ExecutionRecorded(nodeId, execution.id().value(), written.created());
  }

  // ------------------------------------------------------------------------------------- BP3

  /**
   * BP3: reads the bridge from the execution bead; when the bead or its bridge is missing (an
   * execution recorded elsewhere), anchors it with an Execution node AND an execution bead (the
   * FIX: the original made only the node, so the outcome's parent did not exist). Then the trace,
   * the detected divergences (all recorded, the first returned: Q7) and the outcome bead.
   */
  @Transactional
  public OutcomeRecorded recordOutcome(
      String orgId, String sessionId, String executionBeadId, OutcomeReport report) {
    KnowingStateSession s = session(orgId, sessionId);
    GraphKey graph = graphOf(s);
    long now = clock.millis();

    Optional<Bead> given =
        BeadId.isWellFormed(executionBeadId)
            ? beads.find(orgId, executionBeadId).filter(b -> b.type() == BeadType.EXECUTION)
            : Optional.empty();
    Optional<String> bridged =
        given
            .map(b -> b.text("artifact_graph_execution_id"))
            .filter(id -> id != null && !id.isBlank() && artifacts.findNode(graph, id).isPresent());
    Bead execution;
    String executionNode;
    if (given.isPresent() && bridged.isPresent()) {
      execution = given.get();
      executionNode = bridged.get();
    } else {
      executionNode = LoopIds.of("execution", sessionId, "anchor", executionBeadId);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("session_id", sessionId);
      data.put("agent_id", s.agentId());
      data.put("started", Instant.ofEpochMilli(now).toString());
      data.put("domain", "gears");
      data.put("anchors", executionBeadId);
      artifacts.appendNodeIfAbsent(graph, executionNode, NodeTypes.EXECUTION, data);
      governedBy(graph, s, executionNode);
      execution =
          executionBead(
              s,
              executionNode,
              "gears",
              "Anchor for execution " + executionBeadId + ", recorded outside the bead graph");
      beads.write(
          BeadWrite.of(
              execution,
              execution.audit(AuditAction.CREATE, s.agentId(), sessionId, execution.ts())));
    }

    String traceId =
        LoopIds.of("trace", sessionId, execution.id().value(), CanonicalJson.of(report.identity()));
    Map<String, Object> trace = new LinkedHashMap<>();
    trace.put("session_id", sessionId);
    trace.put("tool_calls", report.toolCallCount());
    trace.put(
        "outcome",
        report
            .trace()
            .map(TraceFacts::outcome)
            .orElse(report.status().name().toLowerCase(java.util.Locale.ROOT)));
    trace.put("summary", report.summary());
    report
        .trace()
        .ifPresent(
            t -> {
              trace.put("atom_id", t.atomId());
              trace.put("attempts_exhausted", t.attemptsExhausted());
              trace.put(
                  "detector_firings",
                  t.detectorFirings().stream()
                      .map(
                          f -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("inv_id", f.invId());
                            m.put("severity", f.severity());
                            m.put("message", f.message());
                            return m;
                          })
                      .toList());
            });
    if (report.streamId() != null) {
      trace.put("stream_id", report.streamId());
    }
    artifacts.appendNodeIfAbsent(graph, traceId, NodeTypes.EXECUTION_TRACE, trace);
    artifacts.upsertEdge(graph, executionNode, traceId, Relations.PRODUCES);

    List<DetectedDivergence> detected =
        detector.detect(Optional.of(TraceFacts.fromNodeData(trace)));
    List<String> divergenceIds = new ArrayList<>();
    Optional<String> spec = specification(graph, s);
    for (int i = 0; i < detected.size(); i++) {
      DetectedDivergence d = detected.get(i);
      String divergenceId = LoopIds.of("divergence", traceId, String.valueOf(i));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("claim_id", d.claimId());
      data.put("description", d.description());
      data.put("severity", d.severity().wireName());
      data.put("detected_at", Instant.ofEpochMilli(now).toString());
      artifacts.appendNodeIfAbsent(graph, divergenceId, NodeTypes.DIVERGENCE, data);
      artifacts.upsertEdge(graph, traceId, divergenceId, Relations.EVIDENCES);
      String claimNode = d.claimId().startsWith("claim-") ? d.claimId() : "claim-" + d.claimId();
      artifacts.appendNodeIfAbsent(
          graph, claimNode, NodeTypes.CLAIM, Map.of("claim_id", d.claimId()));
      artifacts.upsertEdge(graph, divergenceId, claimNode, Relations.CONCERNS);
      divergenceIds.add(divergenceId);
      event(
          report.streamId(),
          SessionEventKind.DIVERGENCE_DETECTED,
          Map.of(
              "divergenceId",
              divergenceId,
              "claimId",
              d.claimId(),
              "severity",
              d.severity().wireName()));
    }
    if (!divergenceIds.isEmpty() && spec.isPresent()) {
      artifacts.upsertEdge(graph, traceId, spec.get(), Relations.DIVERGES_FROM);
    }

    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("execution_bead_id", execution.id().value());
    outcome.put("status", report.status().name());
    outcome.put("summary", report.summary());
    outcome.put("metrics", Map.of("tool_calls", report.toolCallCount()));
    outcome.put("triggers_amendment", !divergenceIds.isEmpty());
    // Q2: explicit null when there is no divergence.
    outcome.put(
        "artifact_graph_divergence_id", divergenceIds.isEmpty() ? null : divergenceIds.get(0));
    Bead outcomeBead =
        Bead.create(
            orgId, BeadType.OUTCOME, outcome, List.of(execution.id().value()), s.agentId(), now);
    BeadGraph.WriteResult written =
        beads.write(
            BeadWrite.of(
                outcomeBead, outcomeBead.audit(AuditAction.CREATE, s.agentId(), sessionId, now)));
    // Announced once the outcome that they explain exists (BP4 proposes from the outcome bead).
    String specId = spec.orElse(null);
    String outcomeId = written.beadId().value();
    for (String divergenceId : divergenceIds) {
      afterCommit.run(
          () ->
              divergenceRecorded.fire(
                  new DivergenceRecorded(
                      orgId, graph.graph(), divergenceId, specId, report.streamId(), outcomeId)));
    }
    event(
        report.streamId(),
        report.status().name().equals("SUCCESS")
            ? SessionEventKind.EXECUTION_COMPLETE
            : SessionEventKind.EXECUTION_FAILED,
        Map.of(
            "outcomeBeadId",
            written.beadId().value(),
            "traceNodeId",
            traceId,
            "status",
            report.status().name()));
    touch(s);
    return new OutcomeRecorded(
        written.beadId().value(),
        traceId,
        divergenceIds,
        !divergenceIds.isEmpty(),
        written.created());
  }

  // ------------------------------------------------------------------------------------- BP4

  /**
   * BP4: hypothesis, Amendment node proposing a modification of the specification the divergence's
   * trace diverges from (the FIX), and the PENDING amendment bead. The builder chooses the target
   * unless the caller names one; a caller's change replaces the builder's.
   */
  @Transactional
  public AmendmentProposed proposeAmendment(String orgId, String graphId, AmendmentProposal p) {
    GraphKey graph = GraphKey.of(orgId, graphId);
    ArtifactNode divergence = artifacts.getNode(graph, p.divergenceId());
    if (!NodeTypes.DIVERGENCE.equals(divergence.type())) {
      throw new KspException(
          "not-a-divergence",
          FailureKind.UNPROCESSABLE,
          "node " + divergence.id() + " is a " + divergence.type() + ", not a Divergence");
    }
    Bead outcome =
        beads
            .find(orgId, p.outcomeBeadId())
            .filter(b -> b.type() == BeadType.OUTCOME)
            .orElseThrow(() -> new BeadNotFoundException(orgId, p.outcomeBeadId()));
    String traceId =
        sourceOf(graph, divergence.id(), Relations.EVIDENCES)
            .orElseThrow(() -> UnanchoredException.divergence(divergence.id()));
    String specificationId =
        targetOf(graph, traceId, Relations.DIVERGES_FROM)
            .orElseThrow(() -> UnanchoredException.divergence(divergence.id()));

    Optional<Bead> execution = beads.find(orgId, String.valueOf(outcome.text("execution_bead_id")));
    // The execution names the trust and policy beads it acted under; an amendment changes what
    // holds now, so it targets the current head of their chains (an earlier adoption or an
    // operator may have superseded them since), never a bead BP5 could only refuse.
    Optional<Bead> trust =
        execution
            .map(e -> e.text("trust_bead_id"))
            .flatMap(id -> bead(orgId, id, BeadType.TRUST))
            .map(b -> current(orgId, b));
    Optional<Bead> policy =
        execution
            .map(e -> e.text("policy_bead_id"))
            .flatMap(id -> bead(orgId, id, BeadType.POLICY))
            .map(b -> current(orgId, b));
    Optional<Bead> named = Optional.empty();
    if (p.targetBeadId() != null) {
      named =
          Optional.of(
              beads
                  .find(orgId, p.targetBeadId())
                  .orElseThrow(() -> new BeadNotFoundException(orgId, p.targetBeadId())));
    }
    Severity severity = Severity.fromWireName(String.valueOf(divergence.get("severity")));
    DetectedDivergence detected =
        new DetectedDivergence(
            String.valueOf(divergence.get("claim_id")),
            String.valueOf(divergence.get("description")),
            severity);
    Hypothesis h =
        hypothesisBuilder.build(
            new HypothesisBuilder.Request(
                divergence.id(), detected, outcome.text("status"), named, trust, policy));
    if (p.proposedChange() != null) {
      h = h.withProposedChange(p.proposedChange());
    }
    // Trial adoption before anything is written: an amendment whose successor bead would fail its
    // schema could never be adopted, so it is not proposed (400 naming the proposedChange member).
    String targetId = h.targetBeadId();
    BeadType targetType = "policy".equals(h.targetType()) ? BeadType.POLICY : BeadType.TRUST;
    Bead target =
        bead(orgId, targetId, targetType)
            .orElseThrow(
                () ->
                    new NoAmendmentTargetException(
                        "the amendment's target " + targetId + " is not a trust or policy bead"));
    List<FieldViolation> unadoptable = Adoption.violations(target, h.proposedChange());
    if (!unadoptable.isEmpty()) {
      throw new BeadValidationException(unadoptable);
    }

    String hypothesisId = LoopIds.of("hypothesis", divergence.id(), outcome.id().value());
    Map<String, Object> hypothesis = new LinkedHashMap<>();
    hypothesis.put("fault_attribution", h.attribution());
    hypothesis.put("explanation", h.explanation());
    hypothesis.put("confidence", h.confidence());
    hypothesis.put("status", "CANDIDATE");
    hypothesis.put(
        "severity",
        severity == Severity.HIGH || severity == Severity.CRITICAL ? "blocking" : "advisory");
    hypothesis.put("surfacedToLinear", false);
    hypothesis.put("surfacedCycleCount", 0);
    hypothesis.put("target_bead_id", h.targetBeadId());
    artifacts.appendNodeIfAbsent(graph, hypothesisId, NodeTypes.HYPOTHESIS, hypothesis);
    artifacts.upsertEdge(graph, divergence.id(), hypothesisId, Relations.EVIDENCE_FOR);

    String amendmentId =
        LoopIds.of(
            "amendment", hypothesisId, CanonicalJson.of(h.proposedChange()), h.targetBeadId());
    Map<String, Object> amendment = new LinkedHashMap<>();
    amendment.put("proposed_change", h.proposedChange());
    amendment.put("status", "candidate");
    amendment.put("target_bead_id", h.targetBeadId());
    amendment.put("target_type", h.targetType());
    artifacts.appendNodeIfAbsent(graph, amendmentId, NodeTypes.AMENDMENT, amendment);
    artifacts.upsertEdge(graph, hypothesisId, amendmentId, Relations.MOTIVATES);
    artifacts.upsertEdge(graph, amendmentId, specificationId, Relations.PROPOSES_MODIFICATION_OF);

    Map<String, Object> content = new LinkedHashMap<>();
    content.put("target_bead_id", h.targetBeadId());
    content.put("target_type", h.targetType());
    content.put("proposed_change", h.proposedChange());
    content.put("rationale", h.explanation());
    content.put("triggered_by", outcome.id().value());
    content.put("status", "PENDING");
    content.put("artifact_graph_amendment_id", amendmentId);
    long now = clock.millis();
    Bead pending =
        Bead.create(
            orgId, BeadType.AMENDMENT, content, List.of(outcome.id().value()), LOOP_CLOSURE, now);
    BeadGraph.WriteResult written =
        beads.write(
            BeadWrite.of(
                pending, pending.audit(AuditAction.CREATE, LOOP_CLOSURE, "system-" + orgId, now)));
    event(
        streamOfTrace(graph, traceId),
        SessionEventKind.AMENDMENT_PROPOSED,
        Map.of(
            "amendmentNodeId",
            amendmentId,
            "amendmentBeadId",
            written.beadId().value(),
            "targetBeadId",
            h.targetBeadId()));
    return new AmendmentProposed(
        amendmentId, written.beadId().value(), hypothesisId, written.created());
  }

  // ------------------------------------------------------------------------------------- BP5

  /**
   * BP5: loads the amendment bead first (missing: not found; resolved: refused, nothing written),
   * records the verification (VerificationProcess, Verdict), then either rejects (REJECTED bead
   * superseding PENDING, nothing else) or adopts: successor Specification ({@code version_of} the
   * one the amendment modifies), DispositionEvent, ElucidationArtifact (A9), the target's successor
   * bead (same subject or scope, specification bridge, written by the reviewer), the knowing-state
   * cache of the org invalidated after commit, and the APPROVED bead superseding PENDING.
   */
  @Transactional
  public AdoptionResult adoptAmendment(
      String orgId,
      String graphId,
      String amendmentNodeId,
      String amendmentBeadId,
      String reviewer,
      VerificationResult given) {
    GraphKey graph = GraphKey.of(orgId, graphId);
    // Both partitions are locked before anything is read, in the order every bridge point takes
    // them (artifact graph, then bead graph: never the other way round). A concurrent BP5 of the
    // same amendment waits here, then finds it resolved instead of failing half-way through. The
    // bead partition row is the one JpaBeadGraph.write locks; locking it again there is a no-op.
    artifacts.lockForWrite(graph);
    partitions.lock(PartitionLocks.BEAD_GRAPH, orgId);
    Bead pending =
        beads
            .find(orgId, amendmentBeadId)
            .filter(b -> b.type() == BeadType.AMENDMENT)
            .orElseThrow(() -> new BeadNotFoundException(orgId, amendmentBeadId));
    Optional<String> resolvedBy = beads.supersededBy(orgId, amendmentBeadId);
    if (resolvedBy.isPresent() || !"PENDING".equals(pending.text("status"))) {
      throw new AmendmentAlreadyResolvedException(
          amendmentBeadId, resolvedBy.orElse(amendmentBeadId));
    }
    if (!amendmentNodeId.equals(pending.text("artifact_graph_amendment_id"))) {
      throw new BeadValidationException(
          "amendmentBeadId",
          "bead "
              + amendmentBeadId
              + " bridges to amendment node "
              + pending.text("artifact_graph_amendment_id")
              + ", not "
              + amendmentNodeId);
    }
    ArtifactNode amendment = artifacts.getNode(graph, amendmentNodeId);
    String specificationId =
        targetOf(graph, amendment.id(), Relations.PROPOSES_MODIFICATION_OF)
            .orElseThrow(() -> UnanchoredException.amendment(amendment.id()));
    @SuppressWarnings("unchecked")
    Map<String, Object> change =
        pending.content().get("proposed_change") instanceof Map<?, ?> m
            ? (Map<String, Object>) m
            : Map.of();
    String targetId = pending.text("target_bead_id");
    BeadType targetType =
        "policy".equals(pending.text("target_type")) ? BeadType.POLICY : BeadType.TRUST;
    Bead target =
        bead(orgId, targetId, targetType)
            .orElseThrow(() -> new BeadNotFoundException(orgId, targetId));
    VerificationResult verification =
        given != null
            ? given
            : verifier.verify(amendment.id(), change, claims(graph, specificationId));
    if (verification.passed() && beads.supersededBy(orgId, targetId).isPresent()) {
      // Adopting would fork the target's history (a second amendment of the same bead, after the
      // first was adopted). Refused before anything is written; a rejection is still possible.
      throw new AmendmentTargetSupersededException(
          amendmentBeadId, targetId, head(orgId, targetId));
    }
    long now = clock.millis();
    Instant at = Instant.ofEpochMilli(now);

    String processId = LoopIds.of("verification-process", amendment.id());
    String verdictId = LoopIds.of("verdict", amendment.id());
    artifacts.appendNodeIfAbsent(
        graph,
        processId,
        NodeTypes.VERIFICATION_PROCESS,
        Map.of("gate", verification.gate(), "evaluated_at", at.toString()));
    artifacts.appendNodeIfAbsent(
        graph,
        verdictId,
        NodeTypes.VERDICT,
        Map.of(
            "outcome",
            verification.passed() ? "favorable" : "unfavorable",
            "gate",
            verification.gate(),
            "score",
            verification.score()));
    artifacts.upsertEdge(graph, processId, verdictId, Relations.PRODUCES_VERDICT);
    artifacts.upsertEdge(graph, amendment.id(), processId, Relations.SUBJECT_TO);
    String stream = streamOfAmendment(graph, amendment.id());

    if (!verification.passed()) {
      Bead rejected =
          Bead.create(
              orgId,
              BeadType.AMENDMENT,
              Adoption.resolution(pending, false, reviewer, at, null),
              List.of(pending.id().value()),
              reviewer,
              now);
      beads.write(
          new BeadWrite(
              rejected,
              rejected.audit(AuditAction.SUPERSEDE, reviewer, "adoption-" + amendment.id(), now),
              pending.id()));
      event(
          stream,
          SessionEventKind.AMENDMENT_REJECTED,
          Map.of(
              "amendmentNodeId",
              amendment.id(),
              "rejectedBeadId",
              rejected.id().value(),
              "score",
              verification.score()));
      return new AdoptionResult(
          false, null, null, null, rejected.id().value(), null, graph.graph());
    }

    ArtifactNode previous = artifacts.getNode(graph, specificationId);
    String newSpecificationId = LoopIds.of("specification", amendment.id());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put(
        "artifact_id",
        previous.get("artifact_id") != null ? previous.get("artifact_id") : previous.id());
    spec.put("version", "v-" + now);
    spec.put(
        "content_hash",
        BeadId.hash(
            CanonicalJson.of(
                Map.of("previous", previous.id(), "change", change, "amendment", amendment.id()))));
    spec.put("explicitness", "derived");
    spec.put("source_refs", List.of(amendment.id()));
    if (previous.get("domain") != null) {
      spec.put("domain", previous.get("domain"));
    }
    artifacts.appendNodeIfAbsent(graph, newSpecificationId, NodeTypes.SPECIFICATION, spec);
    artifacts.upsertEdge(graph, newSpecificationId, specificationId, Relations.VERSION_OF);
    artifacts.upsertEdge(graph, amendment.id(), newSpecificationId, Relations.IF_ADOPTED_PRODUCES);

    String dispositionId = LoopIds.of("disposition-event", amendment.id());
    artifacts.appendNodeIfAbsent(
        graph,
        dispositionId,
        NodeTypes.DISPOSITION_EVENT,
        Map.of(
            "occurred_at",
            at.toString(),
            "context",
            "amendment_adoption",
            "amendment_id",
            amendment.id()));
    String elucidationId = LoopIds.of("elucidation-artifact", amendment.id());
    Map<String, Object> ea = new LinkedHashMap<>();
    ea.put("selected_option", "adopt");
    ea.put("rejected_options", List.of("reject"));
    ea.put(
        "assumptions",
        List.of("verification " + verification.gate() + " scored " + verification.score()));
    ea.put("risks_accepted", List.of());
    ea.put("artifact_graph_amendment_id", amendment.id());
    ea.put("adopted_by", reviewer);
    artifacts.appendNodeIfAbsent(graph, elucidationId, NodeTypes.ELUCIDATION_ARTIFACT, ea);
    artifacts.upsertEdge(graph, elucidationId, dispositionId, Relations.PRODUCED_AT);

    Bead successor =
        Bead.create(
            orgId,
            targetType,
            Adoption.successorContent(target, change, newSpecificationId),
            List.of(target.id().value()),
            reviewer,
            now);
    beads.write(
        new BeadWrite(
            successor,
            successor.audit(AuditAction.SUPERSEDE, reviewer, "adoption-" + amendment.id(), now),
            target.id()));

    CacheKeys.Invalidation adoption = CacheKeys.adoption(orgId);
    afterCommit.run(() -> adoption.applyTo(new FailSafeCache(cache)));

    Bead approved =
        Bead.create(
            orgId,
            BeadType.AMENDMENT,
            Adoption.resolution(pending, true, reviewer, at, successor.id().value()),
            List.of(pending.id().value()),
            reviewer,
            now);
    beads.write(
        new BeadWrite(
            approved,
            approved.audit(AuditAction.SUPERSEDE, reviewer, "adoption-" + amendment.id(), now),
            pending.id()));
    event(
        stream,
        SessionEventKind.AMENDMENT_ADOPTED,
        Map.of(
            "amendmentNodeId",
            amendment.id(),
            "newSpecificationId",
            newSpecificationId,
            "newBeadId",
            successor.id().value()));
    return new AdoptionResult(
        true,
        newSpecificationId,
        successor.id().value(),
        approved.id().value(),
        null,
        elucidationId,
        graph.graph());
  }

  // ---------------------------------------------------------------------------------- helpers

  private KnowingStateSession session(String orgId, String sessionId) {
    KnowingStateSession s =
        sessions
            .find(sessionId)
            .filter(x -> x.orgId().equals(orgId))
            .orElseThrow(() -> new SessionNotFoundException(sessionId));
    if (s.isExpiredAt(clock.millis())) {
      throw new SessionNotFoundException(sessionId);
    }
    return s;
  }

  private void touch(KnowingStateSession s) {
    s.touch(clock.millis());
    sessions.save(s);
  }

  private static GraphKey graphOf(KnowingStateSession s) {
    return GraphKey.of(s.orgId(), s.graphId() == null ? GraphKey.MAIN : s.graphId());
  }

  private Optional<ArtifactNode> activeSpecification(GraphKey graph, String domain) {
    try {
      return Optional.of(artifacts.activeSpecification(graph, domain));
    } catch (KspException none) {
      return Optional.empty();
    }
  }

  /** The session's specification, if it still exists in the graph. */
  private Optional<String> specification(GraphKey graph, KnowingStateSession s) {
    return Optional.ofNullable(s.activeSpecificationId())
        .filter(id -> artifacts.findNode(graph, id).isPresent());
  }

  private void governedBy(GraphKey graph, KnowingStateSession s, String executionNode) {
    specification(graph, s)
        .ifPresent(spec -> artifacts.upsertEdge(graph, spec, executionNode, Relations.GOVERNS));
  }

  /**
   * An execution bead of the session: the floor as its autonomy, the session's beads as parents.
   */
  private Bead executionBead(
      KnowingStateSession s, String executionNode, String action, String rationale) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("subject_id", executionNode);
    content.put("action", action);
    content.put("autonomy_level", s.autonomyFloor().name());
    content.put("trust_bead_id", s.trustBeadId() == null ? "" : s.trustBeadId());
    content.put("policy_bead_id", s.policyBeadId() == null ? "" : s.policyBeadId());
    content.put("rationale", rationale);
    content.put("artifact_graph_execution_id", executionNode);
    Set<String> parents = new LinkedHashSet<>();
    if (s.policyBeadId() != null) {
      parents.add(s.policyBeadId());
    }
    if (s.trustBeadId() != null) {
      parents.add(s.trustBeadId());
    }
    return Bead.create(
        s.orgId(), BeadType.EXECUTION, content, List.copyOf(parents), s.agentId(), clock.millis());
  }

  private Optional<Bead> bead(String orgId, String beadId, BeadType type) {
    return BeadId.isWellFormed(beadId)
        ? beads.find(orgId, beadId).filter(b -> b.type() == type)
        : Optional.empty();
  }

  private Optional<String> sourceOf(GraphKey graph, String target, String rel) {
    return artifacts.edgesTo(graph, target, rel).stream().map(ArtifactEdge::source).findFirst();
  }

  private Optional<String> targetOf(GraphKey graph, String source, String rel) {
    return artifacts.edgesFrom(graph, source, rel).stream().map(ArtifactEdge::target).findFirst();
  }

  /**
   * The claims an amendment answers (core.md §4.5): the specification's diverging traces, their
   * divergences, and the claims those concern.
   */
  private List<String> claims(GraphKey graph, String specificationId) {
    Set<String> claims = new LinkedHashSet<>();
    for (ArtifactEdge trace : artifacts.edgesTo(graph, specificationId, Relations.DIVERGES_FROM)) {
      for (ArtifactEdge divergence :
          artifacts.edgesFrom(graph, trace.source(), Relations.EVIDENCES)) {
        for (ArtifactEdge claim :
            artifacts.edgesFrom(graph, divergence.target(), Relations.CONCERNS)) {
          claims.add(claim.target());
        }
      }
    }
    return List.copyOf(claims);
  }

  private String streamOfTrace(GraphKey graph, String traceId) {
    return artifacts
        .findNode(graph, traceId)
        .map(n -> n.get("stream_id"))
        .map(String::valueOf)
        .orElse(null);
  }

  /** The stream of the run whose trace led to this amendment, if any. */
  private String streamOfAmendment(GraphKey graph, String amendmentId) {
    return sourceOf(graph, amendmentId, Relations.MOTIVATES)
        .flatMap(h -> sourceOf(graph, h, Relations.EVIDENCE_FOR))
        .flatMap(d -> sourceOf(graph, d, Relations.EVIDENCES))
        .map(t -> streamOfTrace(graph, t))
        .orElse(null);
  }

  private void event(String streamId, SessionEventKind kind, Map<String, Object> payload) {
    if (streamId != null) {
      outbox.record(DomainEvent.session(streamId, kind, null, payload, clock.millis()));
    }
  }

  /** The newest bead of {@code bead}'s {@code supersedes} chain. */
  private Bead current(String orgId, Bead bead) {
    String head = head(orgId, bead.id().value());
    return head.equals(bead.id().value()) ? bead : beads.find(orgId, head).orElse(bead);
  }

  /** The newest bead of {@code beadId}'s {@code supersedes} chain (a bead is superseded once). */
  private String head(String orgId, String beadId) {
    String head = beadId;
    for (int i = 0; i < MAX_CHAIN; i++) {
      Optional<String> next = beads.supersededBy(orgId, head);
      if (next.isEmpty()) {
        return head;
      }
      head = next.get();
    }
    return head;
  }

  /** Bounds {@link #head}: content addressing rules out cycles, this rules out surprises. */
  private static final int MAX_CHAIN = 10_000;

  private static String textOr(Object stored, String fallback) {
    return stored instanceof String text ? text : fallback;
  }
}
