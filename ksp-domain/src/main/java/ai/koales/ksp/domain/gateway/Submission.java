package ai.koales.ksp.domain.gateway;

import ai.koales.ksp.domain.commissioning.CommissioningSignal;
import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What a valid, signed envelope asks for (edges.md §2.1 step 4, §2.2 router), read from its
 * OutboundEnvelope: the session (its {@code session_context.session_id}, else a new id), work order
 * ({@code governance_context.work_order_id}), assembly ({@code session_context.assembly_id}) and
 * org ({@code durable_objects.org_id}, §8 Q5), and the commissioning signal the org's commissioning
 * receives:
 *
 * <ul>
 *   <li>{@code repoId}: {@code durable_objects.repo_id}, else the assembly;
 *   <li>{@code workGraphId}: {@code durable_objects.work_graph_id}, else the assembly;
 *   <li>{@code workGraphVersion}: {@code durable_objects.work_graph_version}, else none;
 *   <li>{@code dispositionEventId}: {@code durable_objects.disposition_event_id}, else the work
 *       order;
 *   <li>{@code elucidationArtifactId}: {@code durable_objects.elucidation_artifact_id}, else "";
 *   <li>{@code issuedAt}: the envelope's {@code timestamp}, else now;
 *   <li>{@code requireHumanApproval}: {@code durable_objects.require_human_approval} when it is a
 *       JSON boolean, else true (§8 Q10).
 * </ul>
 *
 * <p>The original's {@code domainProfile} has no counterpart in KSP's commissioning signal and is
 * not forwarded.
 */
public record Submission(
    String sessionId,
    String orgId,
    String workOrderId,
    String assemblyId,
    String actorType,
    String purposeId,
    String repoId,
    String workGraphId,
    String workGraphVersion,
    String dispositionEventId,
    String elucidationArtifactId,
    String issuedAt,
    boolean requireHumanApproval) {

  /** Reads the submission of a validated envelope; a session id that is given must be usable. */
  public static Submission of(
      WgspEnvelope envelope,
      OutboundEnvelope outbound,
      Supplier<String> newSessionId,
      Instant now) {
    String session = outbound.sessionId();
    if (session == null) {
      session = newSessionId.get();
    } else if (!CommissioningSignal.SESSION_ID.matcher(session).matches()) {
      // The session id is also its stream id (edges.md §2.3).
      throw InvalidGatewayRequestException.field(
          "work_graph.session_context.session_id",
          "must match " + CommissioningSignal.SESSION_ID.pattern(),
          session);
    }
    String assembly = outbound.assemblyId();
    String workOrder = outbound.workOrderId();
    String repo = outbound.durableText("repo_id");
    String workGraph = outbound.durableText("work_graph_id");
    String disposition = outbound.durableText("disposition_event_id");
    String elucidation = outbound.durableText("elucidation_artifact_id");
    String issued = outbound.timestamp();
    return new Submission(
        session,
        outbound.durableText("org_id"),
        workOrder,
        assembly,
        envelope.actorType().trim(),
        envelope.purposeId(),
        repo != null ? repo : assembly,
        workGraph != null ? workGraph : assembly,
        outbound.durableText("work_graph_version"),
        disposition != null ? disposition : workOrder,
        elucidation != null ? elucidation : "",
        issued != null ? issued : now.toString(),
        !(outbound.durable("require_human_approval") instanceof Boolean b) || b);
  }

  /** The question for the policy decision point (§2.2). */
  public PolicyRequest policyRequest() {
    return new PolicyRequest(sessionId, actorType, purposeId);
  }

  /**
   * The signal for the org's commissioning; refused ({@link RoutingRefusedException}) without an
   * org or when the signal breaks commissioning's rules, naming what is missing or wrong.
   */
  public CommissioningSignal signal() {
    if (orgId == null) {
      throw new RoutingRefusedException(
          "work_graph.durable_objects.org_id is required: it names the org whose commissioning"
              + " receives the session");
    }
    try {
      return CommissioningSignal.of(
          sessionId,
          orgId,
          repoId,
          workGraphId,
          workGraphVersion,
          dispositionEventId,
          elucidationArtifactId.isEmpty() ? null : elucidationArtifactId,
          issuedAt,
          requireHumanApproval);
    } catch (InvalidInputException e) {
      StringBuilder why = new StringBuilder("the commissioning signal is invalid: ");
      boolean first = true;
      for (FieldViolation v : e.violations()) {
        why.append(first ? "" : "; ").append(v.field()).append(' ').append(v.message());
        first = false;
      }
      if (e.violations().isEmpty()) {
        why.append(e.getMessage());
      }
      throw new RoutingRefusedException(why.toString());
    }
  }
}
