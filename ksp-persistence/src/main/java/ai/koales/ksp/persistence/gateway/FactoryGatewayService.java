package ai.koales.ksp.persistence.gateway;

import ai.koales.ksp.domain.commissioning.CommissioningSession;
import ai.koales.ksp.domain.commissioning.CommissioningSignal;
import ai.koales.ksp.domain.commissioning.CommissioningStatus;
import ai.koales.ksp.domain.commissioning.NotAwaitingApprovalException;
import ai.koales.ksp.domain.commissioning.SessionConflictException;
import ai.koales.ksp.domain.gateway.CancelRequest;
import ai.koales.ksp.domain.gateway.EnvelopeSignature;
import ai.koales.ksp.domain.gateway.GatewayCaller;
import ai.koales.ksp.domain.gateway.GatewayReply;
import ai.koales.ksp.domain.gateway.InvalidGatewayRequestException;
import ai.koales.ksp.domain.gateway.OutboundEnvelope;
import ai.koales.ksp.domain.gateway.PolicyDecision;
import ai.koales.ksp.domain.gateway.PolicyDecisionPoint;
import ai.koales.ksp.domain.gateway.PolicyDeniedException;
import ai.koales.ksp.domain.gateway.ReviewAcknowledgement;
import ai.koales.ksp.domain.gateway.ReviewDecision;
import ai.koales.ksp.domain.gateway.RoutingRefusedException;
import ai.koales.ksp.domain.gateway.Submission;
import ai.koales.ksp.domain.gateway.UnknownSessionException;
import ai.koales.ksp.domain.gateway.WgspEnvelope;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.ReplayFilter;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.domain.stream.UnknownStreamException;
import ai.koales.ksp.persistence.commissioning.CommissioningService;
import ai.koales.ksp.persistence.platform.JsonValues;
import ai.koales.ksp.persistence.stream.EventBuffers;
import ai.koales.ksp.persistence.stream.EventSink;
import ai.koales.ksp.persistence.stream.FactoryReads;
import ai.koales.ksp.persistence.stream.LiveStreams;
import ai.koales.ksp.persistence.stream.SessionStateRow.SessionView;
import ai.koales.ksp.persistence.stream.StreamExecutor;
import ai.koales.ksp.persistence.stream.StreamLocation;
import ai.koales.ksp.persistence.stream.StreamReads;
import ai.koales.ksp.persistence.stream.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The Connect gateway's application service (edges.md §2.1, §2.2): submissions, cancellations,
 * review acknowledgements and the session streams. The org's commissioning ({@link
 * CommissioningService}, in this process) is "the commissioning agent" of the spec; its refusals of
 * a cancel or an acknowledgement are answers ({@link GatewayReply}), not errors (§8 Q11).
 */
@ApplicationScoped
public class FactoryGatewayService {

  private static final Logger LOG = Logger.getLogger(FactoryGatewayService.class.getName());

  @Inject GatewaySettings settings;
  @Inject PolicyDecisionPoint pdp;
  @Inject SessionRouting routing;
  @Inject CommissioningService commissioning;
  @Inject FactoryReads factory;
  @Inject StreamReads reads;
  @Inject LiveStreams live;
  @Inject EventBuffers buffers;
  @Inject StreamExecutor executor;
  @Inject Clock clock;

  /**
   * SubmitSession up to the stream (§2.1 steps 2-7), failing closed in order: the envelope rules
   * (I-EXT-01), its signature (§3.4), the caller's org, the PDP (§2.2), routing to the org's
   * commissioning. Nothing is written unless every step passed. Returns the session id, whose
   * stream is open for the org.
   */
  public String submit(WgspEnvelope envelope, GatewayCaller caller) {
    envelope.validate();
    OutboundEnvelope outbound = OutboundEnvelope.of(decode(envelope.workGraph()));
    if (settings.signatureRequired()) {
      EnvelopeSignature.verify(
          settings.signingKey().orElse(null), outbound.content(), envelope.signature());
    }
    Submission submission =
        Submission.of(envelope, outbound, () -> UUID.randomUUID().toString(), clock.instant());
    if (submission.orgId() != null) {
      caller.requireOrg(submission.orgId());
    }
    // Outside any transaction: the PDP may take its whole budget.
    PolicyDecision decision = pdp.evaluate(submission.policyRequest());
    if (!decision.permitted()) {
      LOG.info(
          () ->
              "Submission of session "
                  + submission.sessionId()
                  + " by "
                  + caller.subject()
                  + " denied by the PDP: "
                  + decision.reason());
      throw new PolicyDeniedException(decision.reason());
    }
    CommissioningSignal signal = submission.signal();
    boolean created;
    try {
      created = routing.route(signal, submission.workOrderId()).created();
    } catch (SessionConflictException conflict) {
      // The org's commissioning already has this session (edges §2.2: a 409 is an idempotent
      // duplicate): the caller follows it. A session of another org stays out of reach.
      if (!sessionOf(signal.orgId(), signal.sessionId()).isPresent()) {
        throw new RoutingRefusedException(conflict.getMessage());
      }
      created = false;
    }
    boolean isNew = created;
    LOG.info(
        () ->
            (isNew ? "Session " : "Session (again) ")
                + signal.sessionId()
                + " of org "
                + signal.orgId()
                + " submitted through the gateway by "
                + caller.subject());
    return signal.sessionId();
  }

  /** CancelSession: reaches the commissioning of the session's org (§2.1). */
  public GatewayReply cancel(CancelRequest request, GatewayCaller caller) {
    String org = orgOf(request.sessionId(), caller);
    try {
      commissioning.cancel(org, request.sessionId(), caller.subject(), request.reason());
      return GatewayReply.accept();
    } catch (KspException refused) {
      return GatewayReply.refuse(refused.getMessage());
    }
  }

  /**
   * AcknowledgeReview: {@code approved} and {@code rejected} decide the session's approval gate,
   * whose review id is the intent specification it asks to approve (the {@code review_id} of its
   * REVIEW_REQUIRED event); {@code amended} is refused, since amendments are proposed through loop
   * closure (core.md BP4).
   */
  public GatewayReply acknowledge(ReviewAcknowledgement ack, GatewayCaller caller) {
    String org = orgOf(ack.sessionId(), caller);
    if (ack.decision() == ReviewDecision.AMENDED) {
      return GatewayReply.refuse(
          "amended: a review is not amended here; amendments are proposed through loop closure"
              + " (BP4) and adopted there");
    }
    try {
      CommissioningSession s = commissioning.session(org, ack.sessionId());
      if (s.status() != CommissioningStatus.SUSPENDED_APPROVAL) {
        return GatewayReply.refuse(
            new NotAwaitingApprovalException(s.sessionId(), s.status()).getMessage());
      }
      if (!ack.reviewId().equals(s.isNodeId())) {
        return GatewayReply.refuse(
            "review "
                + ack.reviewId()
                + " is not open in session "
                + s.sessionId()
                + "; the open review is "
                + s.isNodeId());
      }
      commissioning.decide(
          org,
          ack.sessionId(),
          ack.decision() == ReviewDecision.APPROVED,
          caller.subject(),
          ack.note());
      return GatewayReply.accept();
    } catch (KspException refused) {
      return GatewayReply.refuse(refused.getMessage());
    }
  }

  /** The work order of a session's read model, or null (SessionEvent.work_order_id, §4.8). */
  public String workOrderOf(String sessionId) {
    return factory.session(sessionId).map(SessionView::workOrderId).orElse(null);
  }

  /**
   * Follows a session's {@code sessionEvents} after {@code after}: the events in {@code (after,
   * tip]} then live ones until the terminal event, durable log first where the live buffer no
   * longer holds them (§2.1 ResumeStream, §4.5). A non-terminal session whose buffer expired has
   * its buffer opened again (seq continues after the log), so that it can be followed live. Refused
   * before anything is sent: {@code org-forbidden}, {@code stream-not-found}.
   */
  public Subscription follow(String sessionId, long after, StreamReader reader, EventSink sink) {
    StreamLocation where = reads.locate(sessionId);
    reader.requireAccess(sessionId, where.orgId());
    ReplayFilter filter = ReplayFilter.SESSION_EVENTS;
    switch (where.state()) {
      case UNKNOWN:
        throw new UnknownStreamException(sessionId);
      case ENDED:
        return live.subscribe(sessionId, after, filter, reader, sink);
      case LIVE:
        if (where.holdsAfter(after)) {
          return live.subscribe(sessionId, after, filter, reader, sink);
        }
        break;
      case EXPIRED:
        buffers.open(sessionId, where.orgId());
        break;
    }
    DurableFirstFollow follow =
        new DurableFirstFollow(reads, live, sessionId, after, filter, reader, sink);
    executor.execute(follow);
    return follow;
  }

  private String orgOf(String sessionId, GatewayCaller caller) {
    SessionView session =
        factory.session(sessionId).orElseThrow(() -> new UnknownSessionException(sessionId));
    if (session.orgId() == null) {
      throw new UnknownSessionException(sessionId);
    }
    caller.requireOrg(session.orgId());
    return session.orgId();
  }

  private Optional<CommissioningSession> sessionOf(String org, String sessionId) {
    try {
      return Optional.of(commissioning.session(org, sessionId));
    } catch (KspException notThere) {
      return Optional.empty();
    }
  }

  /** The work graph as JSON: strict UTF-8, then any JSON value (the domain wants an object). */
  private static Object decode(byte[] workGraph) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(workGraph))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidGatewayRequestException("envelope.work_graph is not UTF-8");
    }
    try {
      return JsonValues.parse(text);
    } catch (RuntimeException e) {
      throw new InvalidGatewayRequestException(
          "envelope.work_graph is not JSON (the WGSP OutboundEnvelope as canonical JSON)");
    }
  }
}
