package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadGraph;
import ai.koales.ksp.domain.coordination.ExecutionBead;
import ai.koales.ksp.domain.coordination.Run;
import ai.koales.ksp.domain.stream.RunBeadsQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GraphQL {@code beads(runId)} read model (edges.md §1.7, §2.4): the run's execution beads in
 * seeding order, each with the consent bead that governs its role in the run's org (the newest
 * consent bead of that role that nothing superseded: ACTIVE, or REVOKED once revoked). The original
 * answered {@code consentBeads: []} as a stub; KSP shows what the bead graph holds.
 */
@ApplicationScoped
public class RunBeadsView implements RunBeadsQuery {

  /** Beads read per query while collecting a run. */
  static final int PAGE = 1_000;

  @Inject JpaRuns runs;
  @Inject JpaExecutionBeads beads;
  @Inject BeadGraph graph;

  @Override
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<RunBeads> beadsOf(String runId) {
    Optional<Run> found = runs.find(runId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Run run = found.get();
    Map<String, Optional<Bead>> consentByRole = new HashMap<>();
    List<RunBead> out = new ArrayList<>();
    String after = null;
    while (true) {
      List<ExecutionBead> page = beads.page(runId, null, after, PAGE);
      for (ExecutionBead b : page) {
        Optional<Bead> consent =
            b.role() == null
                ? Optional.empty()
                : consentByRole.computeIfAbsent(
                    b.role(),
                    role -> graph.consentCandidates(run.orgId(), role).stream().findFirst());
        out.add(
            new RunBead(
                b.id(),
                b.moleculeId(),
                b.gearId(),
                b.nodeId(),
                b.status().name().toLowerCase(java.util.Locale.ROOT),
                b.assignedTo(),
                b.attemptCount(),
                b.payload(),
                b.result(),
                b.createdAt(),
                b.updatedAt(),
                consent.map(c -> consent(c, b)).stream().toList()));
      }
      if (page.size() < PAGE) {
        break;
      }
      after = page.get(page.size() - 1).id();
    }
    return Optional.of(new RunBeads(run.orgId(), out));
  }

  /** The consent bead {@code c} as it governs execution bead {@code b}. */
  private static RunConsent consent(Bead c, ExecutionBead b) {
    Object grants = c.content().get("grants");
    return new RunConsent(
        c.id().value(),
        b.id(),
        c.text("role_id"),
        grants instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(),
        "REVOKED".equals(c.text("status")) ? "REVOKED" : "ACTIVE",
        c.text("granted_by"),
        epochMillis(c.text("granted_at"), c.ts()),
        epochMillis(c.text("expires_at"), null),
        c.text("revokes"));
  }

  private static Long epochMillis(String iso, Long fallback) {
    if (iso == null) {
      return fallback;
    }
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (DateTimeParseException notIso) {
      return fallback;
    }
  }
}
