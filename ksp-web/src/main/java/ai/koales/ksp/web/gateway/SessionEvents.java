package ai.koales.ksp.web.gateway;

import ai.koales.factory.v1.FactoryProto.AmendmentPayload;
import ai.koales.factory.v1.FactoryProto.ArtifactPayload;
import ai.koales.factory.v1.FactoryProto.BeadPayload;
import ai.koales.factory.v1.FactoryProto.ErrorPayload;
import ai.koales.factory.v1.FactoryProto.ReviewPromptPayload;
import ai.koales.factory.v1.FactoryProto.SessionEvent;
import ai.koales.factory.v1.FactoryProto.StateTransitionPayload;
import ai.koales.factory.v1.FactoryProto.TerminalPayload;
import ai.koales.factory.v1.FactoryProto.VerificationPayload;
import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.SessionEventKind;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;

/**
 * A buffered event as a {@code SessionEvent} (edges.md §4.8): the session, its work order (from the
 * session's read model), {@code occurred_at} from the event's {@code occurredAt}, the buffer's seq,
 * the kind by name (a kind this version does not know is UNSPECIFIED, without payload) and exactly
 * one payload chosen by the kind's group, its members read from the event's payload (camelCase as
 * KSP writes them, or the proto's snake_case names) and the whole payload kept in the payload's
 * Struct ({@code details}, {@code metadata}, {@code context}, {@code summary}):
 *
 * <ul>
 *   <li>lifecycle 1-6, 8-10: state transition to the kind's session status (SUBMITTED for
 *       SESSION_SUBMITTED); 7 REVIEW_REQUIRED: a review prompt whose {@code review_id} is the
 *       payload's {@code reviewId}, else its {@code promptId}, else the intent specification it
 *       asks to approve (what AcknowledgeReview expects);
 *   <li>beads 11-15: bead with the state the kind names;
 *   <li>16 VERIFICATION_PRODUCED: verification; 17 DIVERGENCE_DETECTED: a failed FIDELITY
 *       verification (a divergence is one); 18-20: amendment PROPOSED, ADOPTED, REJECTED;
 *   <li>21 ARTIFACT_WRITTEN and 22 EXECUTION_COMPLETE: artifact (for an execution, its trace node);
 *       23 EXECUTION_FAILED: error;
 *   <li>terminal 24-26: terminal with outcome COMPLETED, FAILED or CANCELLED.
 * </ul>
 */
final class SessionEvents {

  private final String sessionId;
  private final String workOrderId;

  SessionEvents(String sessionId, String workOrderId) {
    this.sessionId = sessionId;
    this.workOrderId = workOrderId == null ? "" : workOrderId;
  }

  SessionEvent of(BufferedEvent e) {
    SessionEventKind kind = SessionEventKind.byName(e.kind());
    Map<String, Object> p = e.payload();
    SessionEvent.Builder b =
        SessionEvent.newBuilder()
            .setSessionId(sessionId)
            .setWorkOrderId(workOrderId)
            .setOccurredAt(timestamp(e.occurredAt()))
            .setSeq(e.seq())
            .setKindValue(kind.number());
    int n = kind.number();
    if (n == 0) {
      return b.build();
    }
    if (kind == SessionEventKind.REVIEW_REQUIRED) {
      b.setReviewPrompt(reviewPrompt(p));
    } else if (n <= 10) {
      b.setStateTransition(
          StateTransitionPayload.newBuilder()
              .setFromState(text(p, "fromState", "from_state"))
              .setToState(kind == SessionEventKind.SESSION_SUBMITTED ? "SUBMITTED" : kind.name())
              .setReason(text(p, "reason", "message", "errorCode")));
    } else if (n <= 15) {
      String run = e.scopeRunId() != null ? e.scopeRunId() : text(p, "runId", "run_id");
      b.setBead(
          BeadPayload.newBuilder()
              .setBeadId(text(p, "beadId", "bead_id", "executionBeadId", "atomId"))
              .setRunId(run)
              .setAtomId(text(p, "atomId", "atom_id"))
              .setBeadState(beadState(kind))
              .setDetails(struct(p)));
    } else if (n <= 17) {
      boolean divergence = kind == SessionEventKind.DIVERGENCE_DETECTED;
      String type = text(p, "verificationType", "verification_type");
      String outcome = text(p, "outcome");
      b.setVerification(
          VerificationPayload.newBuilder()
              .setVerificationId(text(p, "verificationId", "verification_id", "divergenceId"))
              .setVerificationType(type.isEmpty() && divergence ? "FIDELITY" : type)
              .setOutcome(outcome.isEmpty() && divergence ? "FAIL" : outcome)
              .setScore(number(p, "score"))
              .setEvidenceRootHash(text(p, "evidenceRootHash", "evidence_root_hash"))
              .setDetails(struct(p)));
    } else if (n <= 20) {
      Object patch = first(p, "patch", "proposedChange", "proposed_change");
      b.setAmendment(
          AmendmentPayload.newBuilder()
              .setAmendmentId(
                  text(p, "amendmentId", "amendment_id", "amendmentNodeId", "amendmentBeadId"))
              .setAmendmentState(
                  kind == SessionEventKind.AMENDMENT_PROPOSED
                      ? "PROPOSED"
                      : kind == SessionEventKind.AMENDMENT_ADOPTED ? "ADOPTED" : "REJECTED")
              .setDivergenceReason(text(p, "divergenceReason", "divergence_reason", "rationale"))
              .setPatch(struct(patch instanceof Map<?, ?> m ? m : p))
              .setDepth((int) Math.max(0, number(p, "depth"))));
    } else if (n <= 22) {
      boolean execution = kind == SessionEventKind.EXECUTION_COMPLETE;
      String id =
          execution
              ? text(p, "traceNodeId", "artifactId", "artifact_id")
              : text(p, "artifactId", "artifact_id");
      String ref = text(p, "storageRef", "storage_ref", "r2Path");
      String type = text(p, "artifactType", "artifact_type", "kind");
      b.setArtifact(
          ArtifactPayload.newBuilder()
              .setArtifactId(id)
              .setArtifactType(type.isEmpty() && execution ? "ExecutionTrace" : type)
              .setContentHash(text(p, "contentHash", "content_hash"))
              .setStorageRef(ref.isEmpty() ? id : ref)
              .setMetadata(struct(p)));
    } else if (kind == SessionEventKind.EXECUTION_FAILED) {
      double code = number(p, "code");
      b.setError(
          ErrorPayload.newBuilder()
              // gRPC UNKNOWN (2) unless the producer named a code.
              .setCode(code > 0 ? (int) code : 2)
              .setMessage(text(p, "message", "error", "status"))
              .setDetails(struct(p))
              .setRetryable(Boolean.TRUE.equals(p.get("retryable"))));
    } else {
      TerminalPayload.Builder t =
          TerminalPayload.newBuilder()
              .setOutcome(
                  kind == SessionEventKind.SESSION_COMPLETED
                      ? "COMPLETED"
                      : kind == SessionEventKind.SESSION_FAILED ? "FAILED" : "CANCELLED")
              .setReason(text(p, "reason", "message", "errorCode"))
              .setSummary(struct(p));
      if (kind == SessionEventKind.SESSION_COMPLETED) {
        t.setFinalArtifactId(text(p, "finalArtifactId", "final_artifact_id", "artifactId"));
      }
      b.setTerminal(t);
    }
    return b.build();
  }

  private static ReviewPromptPayload reviewPrompt(Map<String, Object> p) {
    ReviewPromptPayload.Builder r =
        ReviewPromptPayload.newBuilder()
            .setReviewId(text(p, "reviewId", "review_id", "promptId", "intentSpecificationId"))
            .setReviewType(orElse(text(p, "reviewType", "review_type"), "APPROVAL_REQUIRED"))
            .setContext(struct(p));
    String prompt = text(p, "promptText", "prompt_text", "question");
    String spec = text(p, "intentSpecificationId");
    r.setPromptText(
        !prompt.isEmpty() || spec.isEmpty()
            ? prompt
            : "Approve or reject intent specification " + spec + " (AcknowledgeReview)");
    double deadline = number(p, "deadlineUnixSec");
    if (deadline > 0) {
      r.setDeadlineUnixSec((long) deadline);
    } else {
      String at = text(p, "approvalDeadline", "requiredBy");
      if (!at.isEmpty()) {
        try {
          r.setDeadlineUnixSec(OffsetDateTime.parse(at).toEpochSecond());
        } catch (RuntimeException notATime) {
          // The deadline stays unset rather than invented.
        }
      }
    }
    return r.build();
  }

  private static String beadState(SessionEventKind kind) {
    return switch (kind) {
      case BEAD_CLAIMED -> "CLAIMED";
      case BEAD_RELEASED -> "RELEASED";
      case BEAD_FAILED -> "FAILED";
      case BEAD_RESCUED -> "RESCUED";
      default -> "CONSENT_DENIED";
    };
  }

  static Timestamp timestamp(long epochMillis) {
    Instant i = Instant.ofEpochMilli(epochMillis);
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static Struct struct(Map<?, ?> map) {
    Struct.Builder s = Struct.newBuilder();
    map.forEach((k, v) -> s.putFields(String.valueOf(k), value(v)));
    return s.build();
  }

  private static Value value(Object v) {
    if (v == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (v instanceof Boolean b) {
      return Value.newBuilder().setBoolValue(b).build();
    }
    if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
      return Value.newBuilder().setNumberValue(n.doubleValue()).build();
    }
    if (v instanceof Map<?, ?> m) {
      return Value.newBuilder().setStructValue(struct(m)).build();
    }
    if (v instanceof Collection<?> c) {
      ListValue.Builder l = ListValue.newBuilder();
      c.forEach(x -> l.addValues(value(x)));
      return Value.newBuilder().setListValue(l).build();
    }
    return Value.newBuilder().setStringValue(String.valueOf(v)).build();
  }

  private static Object first(Map<String, Object> p, String... keys) {
    for (String k : keys) {
      if (p.get(k) != null) {
        return p.get(k);
      }
    }
    return null;
  }

  private static String text(Map<String, Object> p, String... keys) {
    for (String k : keys) {
      if (p.get(k) instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return "";
  }

  private static double number(Map<String, Object> p, String key) {
    return p.get(key) instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
  }

  private static String orElse(String s, String fallback) {
    return s.isEmpty() ? fallback : s;
  }
}
