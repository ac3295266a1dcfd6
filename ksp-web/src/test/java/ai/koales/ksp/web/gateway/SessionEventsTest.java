package ai.koales.ksp.web.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.factory.v1.FactoryProto.SessionEvent;
import ai.koales.factory.v1.FactoryProto.SessionEvent.PayloadCase;
import ai.koales.factory.v1.FactoryProto.SessionEventKind;
import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.EventStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Buffered events as SessionEvents (edges.md §4.8): kind, seq, time, one payload by kind group. */
class SessionEventsTest {

  final SessionEvents mapper = new SessionEvents("sess-1", "WO-1");

  static BufferedEvent event(long seq, String kind, Map<String, Object> payload) {
    return new BufferedEvent(
        "sess-1",
        seq,
        EventStream.SESSION_EVENTS,
        kind,
        "run-1",
        null,
        payload,
        1_781_049_600_000L,
        1_781_049_600_500L,
        kind.startsWith("SESSION_C") || kind.equals("SESSION_FAILED"));
  }

  @Test
  void theEnvelopeFieldsComeFromTheRowAndTheSessionsWorkOrder() {
    SessionEvent e = mapper.of(event(7, "COMPILATION_STARTED", Map.of("reason", "approved")));
    assertThat(e.getSessionId()).isEqualTo("sess-1");
    assertThat(e.getWorkOrderId()).isEqualTo("WO-1");
    assertThat(e.getSeq()).isEqualTo(7);
    assertThat(e.getKind()).isEqualTo(SessionEventKind.COMPILATION_STARTED);
    assertThat(e.getOccurredAt().getSeconds()).isEqualTo(1_781_049_600L);
    assertThat(e.getPayloadCase()).isEqualTo(PayloadCase.STATE_TRANSITION);
    assertThat(e.getStateTransition().getToState()).isEqualTo("COMPILATION_STARTED");
    assertThat(e.getStateTransition().getReason()).isEqualTo("approved");
    assertThat(mapper.of(event(1, "SESSION_SUBMITTED", Map.of())).getStateTransition().getToState())
        .isEqualTo("SUBMITTED");
  }

  @Test
  void anUnknownKindIsUnspecifiedWithoutPayload() {
    SessionEvent e = mapper.of(event(3, "SOMETHING_NEW", Map.of("x", 1)));
    assertThat(e.getKind()).isEqualTo(SessionEventKind.SESSION_EVENT_KIND_UNSPECIFIED);
    assertThat(e.getPayloadCase()).isEqualTo(PayloadCase.PAYLOAD_NOT_SET);
    assertThat(e.getSeq()).isEqualTo(3);
  }

  @Test
  void theApprovalGatesReviewIdIsItsIntentSpecification() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("intentSpecificationId", "IS-42");
    p.put("approvalDeadline", "2026-06-17T00:00:00Z");
    SessionEvent e = mapper.of(event(8, "REVIEW_REQUIRED", p));
    assertThat(e.getPayloadCase()).isEqualTo(PayloadCase.REVIEW_PROMPT);
    assertThat(e.getReviewPrompt().getReviewId()).isEqualTo("IS-42");
    assertThat(e.getReviewPrompt().getReviewType()).isEqualTo("APPROVAL_REQUIRED");
    assertThat(e.getReviewPrompt().getDeadlineUnixSec()).isEqualTo(1_781_654_400L);
    assertThat(e.getReviewPrompt().getPromptText()).contains("IS-42");
    assertThat(e.getReviewPrompt().getContext().getFieldsMap())
        .containsKey("intentSpecificationId");
  }

  @Test
  void eachKindGroupHasItsPayload() {
    SessionEvent bead =
        mapper.of(
            event(9, "BEAD_CLAIMED", Map.of("atomId", "atom-1", "attempt", new BigDecimal(2))));
    assertThat(bead.getBead().getBeadState()).isEqualTo("CLAIMED");
    assertThat(bead.getBead().getRunId()).isEqualTo("run-1");
    assertThat(bead.getBead().getAtomId()).isEqualTo("atom-1");
    assertThat(bead.getBead().getDetails().getFieldsOrThrow("attempt").getNumberValue())
        .isEqualTo(2.0);
    assertThat(mapper.of(event(9, "CONSENT_BEAD_DENIED", Map.of())).getBead().getBeadState())
        .isEqualTo("CONSENT_DENIED");
    SessionEvent verification =
        mapper.of(
            event(10, "VERIFICATION_PRODUCED", Map.of("verificationId", "V-1", "outcome", "PASS")));
    assertThat(verification.getVerification().getOutcome()).isEqualTo("PASS");
    SessionEvent divergence =
        mapper.of(event(11, "DIVERGENCE_DETECTED", Map.of("divergenceId", "D-1")));
    assertThat(divergence.getVerification().getVerificationId()).isEqualTo("D-1");
    assertThat(divergence.getVerification().getOutcome()).isEqualTo("FAIL");
    SessionEvent amendment =
        mapper.of(event(12, "AMENDMENT_ADOPTED", Map.of("amendmentNodeId", "AM-1")));
    assertThat(amendment.getAmendment().getAmendmentId()).isEqualTo("AM-1");
    assertThat(amendment.getAmendment().getAmendmentState()).isEqualTo("ADOPTED");
    SessionEvent artifact =
        mapper.of(event(13, "ARTIFACT_WRITTEN", Map.of("artifactId", "N-1", "kind", "Pressure")));
    assertThat(artifact.getArtifact().getArtifactType()).isEqualTo("Pressure");
    assertThat(artifact.getArtifact().getStorageRef()).isEqualTo("N-1");
    SessionEvent failed =
        mapper.of(event(14, "EXECUTION_FAILED", Map.of("status", "FAILED", "traceNodeId", "T-1")));
    assertThat(failed.getPayloadCase()).isEqualTo(PayloadCase.ERROR);
    assertThat(failed.getError().getCode()).isEqualTo(2);
    SessionEvent cancelled = mapper.of(event(15, "SESSION_CANCELLED", Map.of("reason", "stop")));
    assertThat(cancelled.getTerminal().getOutcome()).isEqualTo("CANCELLED");
    assertThat(cancelled.getTerminal().getReason()).isEqualTo("stop");
    assertThat(cancelled.getTerminal().getFinalArtifactId()).isEmpty();
    SessionEvent failedSession =
        mapper.of(event(16, "SESSION_FAILED", Map.of("errorCode", "x", "message", "boom")));
    assertThat(failedSession.getTerminal().getOutcome()).isEqualTo("FAILED");
    assertThat(failedSession.getTerminal().getReason()).isEqualTo("boom");
  }
}
