package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.KnowingStateSdk;
import ai.koales.ksp.domain.bead.KnowingStateSession;
import ai.koales.ksp.domain.coordination.AtomOutcome;
import ai.koales.ksp.domain.coordination.AtomSessions;
import ai.koales.ksp.persistence.bead.KnowingStateSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link AtomSessions} over the bead context's knowing-state sessions (review P1): a claim opens a
 * real session in the directive's role, retrieves its knowing state (I2), and records the execution
 * bead at the session's autonomy floor; an outcome bead is recorded against it when the attempt
 * ends. Loop closure will replace this adapter with its bridge points BP1-BP3.
 */
@ApplicationScoped
public class KnowingStateAtomSessions implements AtomSessions {

  @Inject KnowingStateSessions sessions;

  @Override
  public Opened open(
      String orgId,
      String runId,
      String beadId,
      int attempt,
      String agentId,
      String role,
      String action) {
    KnowingStateSession opened = sessions.open(orgId, role, agentId);
    // Fail closed: a retrieval failure throws and refuses the claim (the session stays SUGGEST).
    KnowingStateSdk.Retrieval retrieval = sessions.retrieve(orgId, opened.sessionId(), null);
    Bead policy = retrieval.snapshot().policy();
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("subject_id", "atom:" + runId + "/" + beadId);
    content.put("action", action);
    content.put("autonomy_level", retrieval.session().autonomyFloor().name());
    content.put("trust_bead_id", "");
    content.put("policy_bead_id", policy == null ? "" : policy.id().value());
    content.put(
        "rationale",
        "claim of atom "
            + beadId
            + " of run "
            + runId
            + ", attempt "
            + attempt
            + ", by "
            + agentId);
    content.put("run_id", runId);
    content.put("atom_id", beadId);
    content.put("attempt", attempt);
    content.put("session_id", opened.sessionId());
    KnowingStateSdk.Written written = sessions.writeExecution(orgId, opened.sessionId(), content);
    return new Opened(opened.sessionId(), written.beadId());
  }

  @Override
  public String recordOutcome(
      String orgId, String sessionId, String executionBeadId, AtomOutcome outcome) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("status", outcome.status().name());
    content.put("summary", outcome.summary());
    content.put("triggers_amendment", false);
    content.put("metrics", Map.of("toolCallCount", outcome.toolCallCount()));
    return sessions.writeOutcome(orgId, sessionId, executionBeadId, content).beadId();
  }
}
