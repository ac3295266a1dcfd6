package ai.koales.ksp.web.coordination;

import ai.koales.ksp.domain.coordination.Claim;
import ai.koales.ksp.domain.coordination.ExecutionBead;
import ai.koales.ksp.domain.coordination.GearMolecule;
import ai.koales.ksp.domain.coordination.RunCounts;
import ai.koales.ksp.persistence.coordination.AtomDispatchRow;
import ai.koales.ksp.persistence.coordination.BeadAuditRow;
import ai.koales.ksp.persistence.coordination.ConsentAuditRow;
import ai.koales.ksp.persistence.coordination.CoordinationService;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The response shapes of the coordination API. */
final class CoordinationViews {

  private CoordinationViews() {}

  static Instant instant(Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
  }

  /** How many beads of a run are in each status. */
  public record Counts(long ready, long inProgress, long done, long failed) {
    static Counts of(RunCounts c) {
      return new Counts(c.ready(), c.inProgress(), c.done(), c.failed());
    }
  }

  /** A run (api.md: {runId, orgId, status, counts}, plus its settings and times). */
  public record RunView(
      String runId,
      String orgId,
      String status,
      Counts counts,
      String executor,
      boolean continueOnFailure,
      String streamId,
      Instant createdAt,
      Instant updatedAt) {

    static RunView of(CoordinationService.RunState s) {
      var r = s.run();
      return new RunView(
          r.runId(),
          r.orgId(),
          r.status().name(),
          Counts.of(s.counts()),
          r.executor().wireName(),
          r.continueOnFailure(),
          r.streamId(),
          instant(r.createdAt()),
          instant(r.updatedAt()));
    }
  }

  /**
   * A molecule of a run (coordination.md §1.3 GearMolecule): {@code id} is its molecule id, {@code
   * formulaId} null unless its seed named a formula, {@code status} active, done or failed.
   */
  public record MoleculeView(
      String id, String runId, String formulaId, List<String> beadIds, String status) {
    static MoleculeView of(GearMolecule m) {
      return new MoleculeView(m.moleculeId(), m.runId(), m.formulaId(), m.beadIds(), m.status());
    }
  }

  /** A bead of a run (api.md list shape plus its run, role, node, session and times). */
  public record BeadView(
      String id,
      String runId,
      String moleculeId,
      String gearId,
      String nodeId,
      String role,
      String status,
      String assignedTo,
      int attemptCount,
      List<String> dependsOn,
      Object result,
      Object payload,
      String sessionId,
      String executionBeadId,
      int toolCallCount,
      Instant createdAt,
      Instant updatedAt,
      Instant lastHeartbeatAt) {

    static BeadView of(CoordinationService.RunBead rb) {
      ExecutionBead b = rb.bead();
      return new BeadView(
          b.id(),
          b.runId(),
          b.moleculeId(),
          b.gearId(),
          b.nodeId(),
          b.role(),
          b.status().name(),
          b.assignedTo(),
          b.attemptCount(),
          rb.dependsOn(),
          b.result(),
          b.payload(),
          b.sessionId(),
          b.executionBeadId(),
          b.toolCallCount(),
          instant(b.createdAt()),
          instant(b.updatedAt()),
          instant(b.lastHeartbeatAt()));
    }
  }

  /**
   * A claim (api.md: {runId, beadId, leaseToken, attempt, leaseExpiresAt, directive, sessionId});
   * {@code sessionId} is the real knowing-state session opened for it and {@code executionBeadId}
   * the execution bead recorded through that session.
   */
  public record ClaimView(
      String runId,
      String beadId,
      String leaseToken,
      int attempt,
      Instant leaseExpiresAt,
      Map<String, Object> directive,
      String sessionId,
      String executionBeadId,
      String agentId,
      String role,
      String gearId,
      String moleculeId,
      List<String> dependsOn) {

    static ClaimView of(Claim c) {
      return new ClaimView(
          c.runId(),
          c.beadId(),
          c.leaseToken(),
          c.attempt(),
          instant(c.leaseExpiresAt()),
          c.directive(),
          c.sessionId(),
          c.executionBeadId(),
          c.agentId(),
          c.role(),
          c.gearId(),
          c.moleculeId(),
          c.dependsOn());
    }
  }

  /** One audited transition (coordination.md §1.6 bead_audit). */
  public record AuditView(
      long id,
      String runId,
      String beadId,
      String gearId,
      String agentId,
      String verdict,
      int attempt,
      Instant ts) {
    static AuditView of(BeadAuditRow a) {
      return new AuditView(
          a.id(),
          a.runId(),
          a.beadId(),
          a.gearId(),
          a.agentId(),
          a.verdict(),
          a.attempt(),
          instant(a.ts()));
    }
  }

  /** One audited tool call (coordination.md §1.6 consent_audit). */
  public record ToolCallView(
      String id,
      String beadId,
      int attempt,
      String agentId,
      String toolName,
      String toolCallId,
      Instant timestamp) {
    /** Oldest first, then by id: the key of {@code Listing.page}. */
    static String pageKey(ToolCallView v) {
      return String.format("%020d:%s", v.timestamp().toEpochMilli(), v.id());
    }

    static ToolCallView of(ConsentAuditRow c) {
      return new ToolCallView(
          c.id(),
          c.beadId(),
          c.attempt(),
          c.agentId(),
          c.toolName(),
          c.toolCallId(),
          instant(c.ts()));
    }
  }

  /** One dispatch of a ready bead (INV-C5), keyed {runId}:{beadId}:{attempt}. */
  public record DispatchView(
      String key,
      String beadId,
      int attempt,
      String executor,
      String state,
      int deliveries,
      Instant createdAt,
      Instant deliveredAt,
      String lastError) {
    /** Oldest first, then by dedupe key (unique): the key of {@code Listing.page}. */
    static String pageKey(DispatchView v) {
      return String.format("%020d:%s", v.createdAt().toEpochMilli(), v.key());
    }

    static DispatchView of(AtomDispatchRow d) {
      return new DispatchView(
          d.dedupeKey(),
          d.beadId(),
          d.attempt(),
          d.executor(),
          d.state(),
          d.deliveries(),
          instant(d.createdAt()),
          instant(d.deliveredAt()),
          d.lastError());
    }
  }
}
