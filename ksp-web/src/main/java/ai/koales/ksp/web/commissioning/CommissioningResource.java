package ai.koales.ksp.web.commissioning;

import ai.koales.ksp.batch.commissioning.CommissioningJobs;
import ai.koales.ksp.domain.commissioning.CommissioningSession;
import ai.koales.ksp.domain.commissioning.CommissioningSignal;
import ai.koales.ksp.domain.commissioning.Pass;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.persistence.commissioning.CommissioningService;
import ai.koales.ksp.persistence.commissioning.SessionWrites.Active;
import ai.koales.ksp.persistence.commissioning.SessionWrites.Submitted;
import ai.koales.ksp.web.platform.Caller;
import ai.koales.ksp.web.platform.MaxSize;
import ai.koales.ksp.web.platform.Required;
import ai.koales.ksp.web.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Signal intake, session state and the approval gate (coordination.md §4.5, Q5). */
@Path("orgs/{org}/commissioning")
@RequestScoped
@Tag(name = "Commissioning")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CommissioningResource {

  @Inject CommissioningService commissioning;
  @Inject Caller caller;
  @Inject CommissioningJobs jobs;
  @Context UriInfo uri;

  @PathParam("org")
  String org;

  /**
   * A CommissioningSignal (coordination.md §1.8). {@code orgId} may be left out (the path names the
   * org); {@code sessionId} defaults to {@code dispositionEventId}. Validated by the domain, which
   * names every bad field (400 {@code invalid-signal}).
   */
  public record SignalRequest(
      String sessionId,
      String orgId,
      String repoId,
      String workGraphId,
      String workGraphVersion,
      String dispositionEventId,
      String elucidationArtifactId,
      String issuedAt,
      Boolean requireHumanApproval) {}

  /** The intake's answer. */
  public record Accepted(String sessionId, String status) {}

  @POST
  @Path("signals")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary =
          "Commission a signal: stores the session queued and answers at once; the passes run"
              + " in the background (the same signal again answers the same session)")
  @APIResponse(
      responseCode = "202",
      description = "{sessionId, status}; Location names the session")
  @APIResponse(responseCode = "400", description = "invalid-signal (errors name each field)")
  @APIResponse(
      responseCode = "409",
      description = "session-conflict: the session id is taken by another signal or org")
  public Response submit(@NotNull SignalRequest r) {
    if (r.orgId() != null && !r.orgId().equals(org)) {
      throw new InvalidInputException(
          "invalid-signal", "orgId", "must be the org of the path (" + org + ")");
    }
    CommissioningSignal signal =
        CommissioningSignal.of(
            r.sessionId(),
            org,
            r.repoId(),
            r.workGraphId(),
            r.workGraphVersion(),
            r.dispositionEventId(),
            r.elucidationArtifactId(),
            r.issuedAt(),
            r.requireHumanApproval());
    Submitted submitted = commissioning.submit(signal);
    CommissioningSession s = submitted.session();
    return Response.accepted(new Accepted(s.sessionId(), s.status().wireName()))
        .location(uri.getBaseUriBuilder().path(location(s.sessionId())).build())
        .build();
  }

  private String location(String sessionId) {
    return "orgs/" + org + "/commissioning/sessions/" + sessionId;
  }

  @GET
  @Path("sessions/{sessionId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary =
          "A session: status (queued, commissioning, suspended-approval, idle, failed, rejected),"
              + " phase, the artifact ids its passes produced, and its result or error")
  @APIResponse(responseCode = "404", description = "session-not-found")
  public Map<String, Object> session(@PathParam("sessionId") String sessionId) {
    Active active = commissioning.withJob(org, sessionId);
    Map<String, Object> v = view(active.session());
    // The batch job behind the session, every execution of it (a resumed job has several).
    v.put(
        "job",
        jobs.history(active.jobExecutionId())
            .map(
                h -> {
                  Map<String, Object> j = new LinkedHashMap<>();
                  j.put("instanceId", h.instanceId());
                  j.put("executionId", active.jobExecutionId());
                  j.put(
                      "executions",
                      h.executions().stream()
                          .map(
                              e -> {
                                Map<String, Object> x = new LinkedHashMap<>();
                                x.put("executionId", e.executionId());
                                x.put("batchStatus", e.batchStatus());
                                x.put("exitStatus", e.exitStatus());
                                x.put("startTime", instant(e.startTime()));
                                x.put("endTime", instant(e.endTime()));
                                return x;
                              })
                          .toList());
                  return j;
                })
            .orElse(null));
    return v;
  }

  private static String instant(java.util.Date d) {
    return d == null ? null : d.toInstant().toString();
  }

  /** A human's decision at the gate. */
  public record ApprovalRequest(@Required String decision, @MaxSize(2000) String reason) {}

  @POST
  @Path("sessions/{sessionId}/approval")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary =
          "Approve (only the emit step runs then) or reject a session waiting at the approval"
              + " gate; the caller is recorded as the approver")
  @APIResponse(responseCode = "202", description = "The session as it is after the decision")
  @APIResponse(responseCode = "400", description = "invalid-request: decision approve|reject")
  @APIResponse(responseCode = "404", description = "session-not-found")
  @APIResponse(
      responseCode = "409",
      description = "not-awaiting-approval: the session is not at the gate")
  public Response approval(
      @PathParam("sessionId") String sessionId, @Valid @NotNull ApprovalRequest r) {
    boolean approve =
        switch (r.decision()) {
          case "approve" -> true;
          case "reject" -> false;
          default ->
              throw new InvalidInputException(
                  "invalid-request", "decision", "must be approve or reject");
        };
    CommissioningSession s =
        commissioning.decide(org, sessionId, approve, caller.subject(), r.reason());
    return Response.accepted(view(s)).build();
  }

  static Map<String, Object> view(CommissioningSession s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("sessionId", s.sessionId());
    v.put("orgId", s.orgId());
    v.put("status", s.status().wireName());
    v.put("phase", s.status().phase());
    Map<String, Object> artifacts = new LinkedHashMap<>();
    for (Pass p : Pass.values()) {
      if (s.hasArtifact(p)) {
        artifacts.put(p.stepName(), s.artifact(p));
      }
    }
    v.put("artifacts", artifacts);
    v.put("isNodeId", s.isNodeId());
    v.put(
        "result",
        s.resultRunId() == null
            ? null
            : Map.of("runId", s.resultRunId(), "atomCount", s.resultAtomCount()));
    v.put(
        "error",
        s.errorCode() == null
            ? null
            : Map.of(
                "code",
                s.errorCode(),
                "message",
                s.errorMessage() == null ? "" : s.errorMessage()));
    if (s.decision() != null) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("decision", s.decision());
      d.put("approver", s.approver());
      d.put("reason", s.reason());
      d.put(
          "decidedAt",
          s.decidedAt() == null ? null : java.time.Instant.ofEpochMilli(s.decidedAt()).toString());
      v.put("approval", d);
    }
    if (s.approvalDeadline() != null) {
      v.put("approvalDeadline", java.time.Instant.ofEpochMilli(s.approvalDeadline()).toString());
    }
    v.put("createdAt", java.time.Instant.ofEpochMilli(s.createdAt()).toString());
    v.put("updatedAt", java.time.Instant.ofEpochMilli(s.updatedAt()).toString());
    return v;
  }
}
