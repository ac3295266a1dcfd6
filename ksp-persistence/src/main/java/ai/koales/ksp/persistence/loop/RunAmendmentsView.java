package ai.koales.ksp.persistence.loop;

import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadGraph;
import ai.koales.ksp.domain.bead.BeadType;
import ai.koales.ksp.domain.stream.AmendmentsQuery;
import ai.koales.ksp.persistence.coordination.CoordinationService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The GraphQL {@code amendments(runId)} read model (edges.md §1.7 Amendment): the amendments loop
 * closure proposed from the run's outcome beads (BP4 and the auto-amendment rule make the outcome
 * their parent and {@code triggered_by}), each in its current state. {@code id} is the proposal's
 * bead id, stable for the amendment's life; {@code beadId} the bead that holds its current status
 * (the APPROVED or REJECTED bead that superseded the proposal, else the proposal itself). The
 * original answered [] here; KSP shows what the graphs hold.
 */
@ApplicationScoped
public class RunAmendmentsView implements AmendmentsQuery {

  /** Longest supersede chain followed from a proposal (a resolution supersedes it once). */
  static final int MAX_CHAIN = 16;

  @Inject CoordinationService coordination;
  @Inject BeadGraph graph;

  @Override
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<RunAmendments> amendmentsOf(String runId) {
    return coordination
        .recordedOutcomes(runId)
        .map(
            run -> {
              List<RunAmendment> out = new ArrayList<>();
              for (Bead proposal :
                  graph.childrenOf(run.orgId(), run.outcomeBeadIds(), BeadType.AMENDMENT)) {
                out.add(view(proposal, head(proposal)));
              }
              return new RunAmendments(run.orgId(), out);
            });
  }

  private Bead head(Bead proposal) {
    Bead current = proposal;
    for (int i = 0; i < MAX_CHAIN; i++) {
      Bead at = current;
      Optional<Bead> next =
          graph.supersededBy(at.orgId(), at.id().value()).flatMap(id -> graph.find(at.orgId(), id));
      if (next.isEmpty()) {
        break;
      }
      current = next.get();
    }
    return current;
  }

  private static RunAmendment view(Bead proposal, Bead head) {
    return new RunAmendment(
        proposal.id().value(),
        head.id().value(),
        head.text("target_bead_id"),
        head.text("target_type"),
        head.content().get("proposed_change"),
        head.text("rationale"),
        head.text("triggered_by"),
        head.text("status"),
        head.text("reviewed_by"),
        epochMillis(head.text("reviewed_at")),
        head.text("artifact_graph_amendment_id"));
  }

  private static Long epochMillis(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (DateTimeParseException notIso) {
      return null;
    }
  }
}
