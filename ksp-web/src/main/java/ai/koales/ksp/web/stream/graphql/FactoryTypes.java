package ai.koales.ksp.web.stream.graphql;

import jakarta.json.JsonValue;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/**
 * The GraphQL object types and enums of edges.md §1.7, named as the SDL names them. Unmarked
 * scalars are String; times are RFC 3339 strings; {@code JSON} is the JSON scalar.
 */
public final class FactoryTypes {

  private FactoryTypes() {}

  /** A factory session's lifecycle status. */
  public enum SessionStatus {
    SUBMITTED,
    CANDIDATE_SET_BUILT,
    APPROVAL_GRANTED,
    COMPILATION_STARTED,
    COMPILATION_COMPLETE,
    COMPILATION_FAILED,
    REVIEW_REQUIRED,
    REVIEW_RESOLVED,
    DEPLOYING,
    MONITORED,
    COMPLETED,
    FAILED,
    CANCELLED
  }

  /** Execution bead status, lower case on the wire as the SDL has it. */
  public enum BeadStatus {
    ready,
    in_progress,
    done,
    failed
  }

  public enum ConsentVerdict {
    ACTIVE,
    REVOKED
  }

  public enum ArtifactKind {
    COMPILED_FUNCTION,
    REVIEW_REPORT,
    AMENDMENT,
    VERIFICATION_REPORT,
    EXECUTION_TRACE,
    SPECIFICATION,
    ELUCIDATION
  }

  public enum VerificationKind {
    FIDELITY,
    COHERENCE,
    SAFETY
  }

  public enum AmendmentStatus {
    PENDING,
    APPROVED,
    REJECTED,
    SUPERSEDED
  }

  /** The intent specification a session compiles. */
  public record IntentSpecRef(
      @Id @NonNull String specId, @NonNull String version, @NonNull String domain) {}

  /** The decision surface of the envelope that submitted the session. */
  public record EpistemicSurface(
      @Id @NonNull String decisionId,
      @NonNull String selectedOption,
      double decisionEntropy,
      double decisionMargin,
      double alternativePressure,
      double governanceFriction,
      JsonValue topKAlternatives,
      @NonNull List<@NonNull String> policyRefs,
      boolean requiresDownstreamReview) {}

  /** An open review a human must answer. */
  public record ReviewPrompt(
      @Id @NonNull String promptId,
      @NonNull String role,
      @NonNull String question,
      JsonValue context,
      String requiredBy) {}

  public record VerificationReport(
      @Id @NonNull String reportId,
      @Id @NonNull String sessionId,
      @NonNull VerificationKind kind,
      @NonNull String verdict,
      Double score,
      String notes,
      @NonNull String producedAt,
      @Id String artifactId) {}

  /** One event of the session's durable log, with its chained id. */
  public record EvidenceBundle(
      @Id @NonNull String bundleId,
      int seq,
      @NonNull String stream,
      @NonNull String kind,
      JsonValue payload,
      @NonNull String occurredAt) {}

  @Type("EvidenceChain")
  @Description(
      "The session's durable event log as a SHA-256 hash chain: each bundle id hashes the event"
          + " and the previous bundle id; root is the first, tip the last.")
  public record EvidenceChainType(
      @Id @NonNull String sessionId,
      @NonNull String root,
      @NonNull String tip,
      int bundleCount,
      @NonNull List<@NonNull EvidenceBundle> bundles) {}

  public record LineageEdge(
      @Id @NonNull String sourceId,
      @Id @NonNull String targetId,
      @NonNull String rel,
      JsonValue props) {}

  public record LineageGraph(
      @Id @NonNull String rootId, int depth, @NonNull List<@NonNull LineageEdge> edges) {}

  public record ConsentBead(
      @Id @NonNull String id,
      @NonNull String beadId,
      @NonNull String roleId,
      @NonNull List<@NonNull String> grants,
      @NonNull ConsentVerdict status,
      @NonNull String grantedBy,
      @NonNull String grantedAt,
      String expiresAt,
      String revokes) {}

  public record ExecutionBead(
      @Id @NonNull String id,
      @NonNull String moleculeId,
      @NonNull String gearId,
      @NonNull String nodeId,
      @NonNull BeadStatus status,
      String assignedTo,
      int attemptCount,
      JsonValue payload,
      JsonValue result,
      String createdAt,
      String updatedAt,
      @NonNull List<@NonNull ConsentBead> consentBeads) {}

  public record Amendment(
      @Id @NonNull String id,
      @NonNull String beadId,
      @NonNull String targetBeadId,
      @NonNull String targetType,
      @NonNull JsonValue proposedChange,
      @NonNull String rationale,
      @NonNull String triggeredBy,
      @NonNull AmendmentStatus status,
      String reviewedBy,
      String reviewedAt,
      String artifactGraphAmendmentId) {}

  public record FactoryArtifact(
      @Id @NonNull String id,
      @Id @NonNull String sessionId,
      @NonNull ArtifactKind kind,
      String contentRef,
      String contentHash,
      @NonNull String createdAt,
      JsonValue metadata) {}

  /**
   * A factory session. Its nested lists (beads, amendments, artifacts, verification reports, review
   * prompts) and its evidence chain are resolved when selected.
   */
  public record FactorySession(
      @Id @NonNull String id,
      @Id @NonNull String assemblyId,
      @Id String workOrderId,
      @NonNull SessionStatus status,
      @NonNull String createdAt,
      @NonNull String updatedAt,
      String runId,
      String orgId,
      IntentSpecRef intentSpecRef) {}

  /** A page of sessions; {@code cursor} is null on the last page. */
  public record SessionPage(@NonNull List<@NonNull FactorySession> sessions, String cursor) {}
}
