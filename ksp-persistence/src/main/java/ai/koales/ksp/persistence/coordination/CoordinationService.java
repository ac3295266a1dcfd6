package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.BeadSeed;
import ai.koales.ksp.domain.coordination.BeadStatus;
import ai.koales.ksp.domain.coordination.ClaimOutcome;
import ai.koales.ksp.domain.coordination.ClaimResult;
import ai.koales.ksp.domain.coordination.Claimant;
import ai.koales.ksp.domain.coordination.ConsentDecision;
import ai.koales.ksp.domain.coordination.Coordinator;
import ai.koales.ksp.domain.coordination.ExecutionBead;
import ai.koales.ksp.domain.coordination.ExecutionBeadNotFoundException;
import ai.koales.ksp.domain.coordination.ExecutorKind;
import ai.koales.ksp.domain.coordination.GearMolecule;
import ai.koales.ksp.domain.coordination.InitResult;
import ai.koales.ksp.domain.coordination.Run;
import ai.koales.ksp.domain.coordination.RunCounts;
import ai.koales.ksp.domain.coordination.SeedResult;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.persistence.platform.PartitionLocks;
import ai.koales.ksp.persistence.stream.EventBuffers;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The coordination context's application service: one public method per use case, one transaction
 * each, running the domain {@link Coordinator} over the JPA adapters. Every method that changes a
 * run locks the run's row first (inside the coordinator); after commit the journal hands dispatches
 * to the built-in agents and outcomes to the recorder.
 *
 * <p>Mediation calls {@link #initAndSeed}, {@link #bindStream} and {@link #beads}; gears resolve
 * through {@link GearService#resolve}.
 */
@ApplicationScoped
public class CoordinationService {

  /** Partition scope that serialises concurrent first inits of one run id. */
  static final String RUN_INIT = "coordinator-run";

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject JpaRuns runs;
  @Inject JpaExecutionBeads beads;
  @Inject JpaGearCatalog gears;
  @Inject JpaCoordinationJournal journal;
  @Inject LoopAtomSessions sessions;
  @Inject CoordinationSettings settings;
  @Inject PartitionLocks partitions;
  @Inject EventBuffers streams;
  @Inject Clock clock;

  private Coordinator coordinator;

  @PostConstruct
  void start() {
    coordinator =
        new Coordinator(
            runs, beads, gears, journal, sessions, JsonText.INSTANCE, settings.policy(), clock);
  }

  /** A run with its bead counts. */
  public record RunState(Run run, RunCounts counts) {}

  /** A bead with its parents. */
  public record RunBead(ExecutionBead bead, List<String> dependsOn) {}

  /** A page of a listing; {@code nextCursor} is null on the last page. */
  public record Page<T>(List<T> items, String nextCursor) {}

  /** A run made and seeded in one call (Mediation step 8). */
  public record Seeded(RunState run, SeedResult seed, boolean created) {}

  // ---------------------------------------------------------------- runs

  /** §4.1 init (idempotent); 409 {@code run-conflict} for another org's id or other settings. */
  @Transactional
  public InitResult init(
      String orgId, String runId, ExecutorKind executor, boolean continueOnFailure) {
    Run.requireRunId("runId", runId);
    // Two first inits of one id queue here, so the second finds the run instead of failing on
    // the primary key.
    partitions.lock(RUN_INIT, runId);
    InitResult init = coordinator.init(orgId, runId, executor, continueOnFailure);
    openStream(init.run());
    return init;
  }

  /**
   * §4.1 seed, in one transaction (INV-C6); {@code formulaId} (optional) names the formula the
   * molecule follows (§1.3).
   */
  @Transactional
  public SeedResult seed(
      String orgId, String runId, String moleculeId, List<BeadSeed> seeds, String formulaId) {
    return coordinator.seed(orgId, runId, moleculeId, seeds, formulaId);
  }

  /** §1.3 GearMolecule: a molecule's beads, formula and status. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public GearMolecule molecule(String orgId, String runId, String moleculeId) {
    return coordinator.molecule(orgId, runId, moleculeId);
  }

  /**
   * For Mediation (step 8): init, point the events at {@code streamId} (when given), and seed, all
   * in one transaction; a repeat with the same input changes nothing.
   */
  @Transactional
  public Seeded initAndSeed(
      String orgId,
      String runId,
      ExecutorKind executor,
      boolean continueOnFailure,
      String streamId,
      String moleculeId,
      List<BeadSeed> seeds) {
    Run.requireRunId("runId", runId);
    partitions.lock(RUN_INIT, runId);
    InitResult init = coordinator.init(orgId, runId, executor, continueOnFailure);
    Run run = init.run();
    if (streamId != null && !streamId.equals(run.streamId())) {
      run = coordinator.bindStream(orgId, runId, streamId);
    }
    openStream(run);
    SeedResult seeded = coordinator.seed(orgId, runId, moleculeId, seeds);
    return new Seeded(state(orgId, runId), seeded, init.created());
  }

  /** Points the run's events at another stream (commissioning: its session id). */
  @Transactional
  public Run bindStream(String orgId, String runId, String streamId) {
    Run run = coordinator.bindStream(orgId, runId, streamId);
    openStream(run);
    return run;
  }

  /**
   * Opens the run's stream for its org before the first event, so that only that org's readers may
   * follow it and early subscribers find it (idempotent).
   */
  private void openStream(Run run) {
    streams.open(run.streamId(), run.orgId());
  }

  /**
   * Who executes runs compiled from commissioning ({@code ksp.agents.builtin.default-executor}).
   */
  public ExecutorKind defaultExecutorForCompiledRuns() {
    return settings.defaultExecutorForCompiledRuns();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public RunState run(String orgId, String runId) {
    return state(orgId, runId);
  }

  private RunState state(String orgId, String runId) {
    Run run = coordinator.run(orgId, runId);
    return new RunState(run, run.counts());
  }

  /** A run's org and the outcome beads recorded for its atoms' attempts. */
  public record RecordedOutcomes(String orgId, List<String> outcomeBeadIds) {}

  /**
   * The outcome beads loop closure recorded for run {@code runId}'s attempts, for read models that
   * follow what the run's outcomes led to (amendments); empty when the run is unknown.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<RecordedOutcomes> recordedOutcomes(String runId) {
    return runs.find(runId)
        .map(
            run ->
                new RecordedOutcomes(
                    run.orgId(),
                    em.createQuery(
                            "SELECT o.outcomeBeadId FROM AtomOutcomeRow o WHERE o.runId = :run"
                                + " AND o.outcomeBeadId IS NOT NULL ORDER BY o.id",
                            String.class)
                        .setParameter("run", runId)
                        .getResultList()));
  }

  /**
   * The runs of an org, newest first (then by id), a page at a time: the cursor is the last run's
   * (createdAt, runId), so runs made while a client pages never shift what it sees.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<RunState> runs(String orgId, String cursor, int limit) {
    String raw = decode(cursor);
    Long afterCreated = null;
    String afterRunId = null;
    if (raw != null) {
      int colon = raw.indexOf(':');
      try {
        afterCreated = Long.parseLong(raw.substring(0, colon));
        afterRunId = raw.substring(colon + 1);
      } catch (RuntimeException e) {
        throw new InvalidInputException("invalid-cursor", "cursor", "is not a cursor of this list");
      }
    }
    List<Run> page = runs.ofOrg(orgId, afterCreated, afterRunId, limit + 1);
    boolean more = page.size() > limit;
    List<Run> items = more ? page.subList(0, limit) : page;
    Run last = items.isEmpty() ? null : items.get(items.size() - 1);
    return new Page<>(
        items.stream().map(r -> new RunState(r, r.counts())).toList(),
        more ? encode(last.createdAt() + ":" + last.runId()) : null);
  }

  /** The run's beads in seeding order, optionally of one status (Mediation reads them too). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<RunBead> beads(
      String orgId, String runId, BeadStatus status, String cursor, int limit) {
    coordinator.run(orgId, runId);
    List<ExecutionBead> page = beads.page(runId, status, decode(cursor), limit + 1);
    boolean more = page.size() > limit;
    List<ExecutionBead> items = more ? page.subList(0, limit) : page;
    Map<String, List<String>> parents =
        beads.parentIds(runId, items.stream().map(ExecutionBead::id).toList());
    return new Page<>(
        items.stream().map(b -> new RunBead(b, parents.getOrDefault(b.id(), List.of()))).toList(),
        more ? encode(items.get(items.size() - 1).id()) : null);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public RunBead bead(String orgId, String runId, String beadId) {
    coordinator.run(orgId, runId);
    ExecutionBead b =
        beads
            .find(runId, beadId)
            .orElseThrow(() -> new ExecutionBeadNotFoundException(runId, beadId));
    return new RunBead(b, beads.parentIds(runId, beadId));
  }

  /** §4.1 next: the oldest claimable bead of a molecule (read-only); 422 when it has no beads. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<RunBead> next(String orgId, String runId, String moleculeId) {
    return coordinator
        .next(orgId, runId, moleculeId)
        .map(b -> new RunBead(b, beads.parentIds(runId, b.id())));
  }

  /** The run's audit rows, oldest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<BeadAuditRow> audit(String orgId, String runId, String cursor, int limit) {
    coordinator.run(orgId, runId);
    long after = 0;
    String raw = decode(cursor);
    if (raw != null) {
      try {
        after = Long.parseLong(raw);
      } catch (NumberFormatException e) {
        throw new InvalidInputException("invalid-cursor", "cursor", "is not a cursor of this list");
      }
    }
    List<BeadAuditRow> rows =
        em.createQuery(
                "SELECT a FROM BeadAuditRow a WHERE a.runId = :run AND a.id > :after ORDER BY a.id",
                BeadAuditRow.class)
            .setParameter("run", runId)
            .setParameter("after", after)
            .setMaxResults(limit + 1)
            .getResultList();
    boolean more = rows.size() > limit;
    List<BeadAuditRow> items = more ? rows.subList(0, limit) : rows;
    return new Page<>(
        items, more ? encode(String.valueOf(items.get(items.size() - 1).id())) : null);
  }

  /** The tool calls of one bead, oldest first (I4). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<ConsentAuditRow> consentAudit(String orgId, String runId, String beadId) {
    coordinator.run(orgId, runId);
    return em.createQuery(
            "SELECT c FROM ConsentAuditRow c WHERE c.runId = :run AND c.beadId = :bead"
                + " ORDER BY c.ts, c.id",
            ConsentAuditRow.class)
        .setParameter("run", runId)
        .setParameter("bead", beadId)
        .getResultList();
  }

  /** The run's dispatches, oldest first: observable chaining (INV-C5). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<AtomDispatchRow> dispatches(String orgId, String runId) {
    coordinator.run(orgId, runId);
    return em.createQuery(
            "SELECT d FROM AtomDispatchRow d WHERE d.runId = :run ORDER BY d.id",
            AtomDispatchRow.class)
        .setParameter("run", runId)
        .getResultList();
  }

  // ---------------------------------------------------------------- agent hooks

  /** §4.1 claim of one bead by an external agent. */
  @Transactional
  public ClaimResult claim(String orgId, String runId, String beadId, String agentId) {
    return coordinator.claim(orgId, runId, beadId, agentId, Claimant.EXTERNAL_AGENT);
  }

  /**
   * One attempt at claiming the next ready bead of the org's external runs (see {@link
   * NextReadyClaims}).
   */
  @Transactional
  public ClaimResult claimNextOnce(String orgId, String agentId, Set<String> roles) {
    return coordinator.claimNext(orgId, agentId, roles);
  }

  @Transactional
  public long heartbeat(String orgId, String runId, String beadId, String leaseToken) {
    return coordinator.heartbeat(orgId, runId, beadId, leaseToken);
  }

  @Transactional
  public RunBead release(
      String orgId, String runId, String beadId, String leaseToken, Object result) {
    ExecutionBead b = coordinator.release(orgId, runId, beadId, leaseToken, result);
    return new RunBead(b, beads.parentIds(runId, beadId));
  }

  @Transactional
  public RunBead fail(String orgId, String runId, String beadId, String leaseToken, Object error) {
    ExecutionBead b = coordinator.fail(orgId, runId, beadId, leaseToken, error);
    return new RunBead(b, beads.parentIds(runId, beadId));
  }

  @Transactional
  public ConsentDecision consent(
      String orgId,
      String runId,
      String beadId,
      String leaseToken,
      String toolName,
      String toolCallId) {
    return coordinator.consent(orgId, runId, beadId, leaseToken, toolName, toolCallId);
  }

  // ---------------------------------------------------------------- built-in agents

  /**
   * A built-in agent takes a dispatched bead: it claims it, and the dispatch is settled in the same
   * transaction (DELIVERED when claimed, SKIPPED when the bead has moved past that ready epoch).
   */
  @Transactional
  public ClaimResult claimDispatched(DispatchTicket ticket, String agentId) {
    Optional<ExecutionBead> now = beads.find(ticket.runId(), ticket.beadId());
    ClaimResult result;
    if (now.isEmpty()
        || now.get().status() != BeadStatus.READY
        || now.get().attemptCount() != ticket.attempt()) {
      result =
          ClaimResult.refused(
              ClaimOutcome.ALREADY_CLAIMED,
              ticket.runId(),
              ticket.beadId(),
              now.map(ExecutionBead::status).orElse(null));
    } else {
      result =
          coordinator.claim(
              ticket.orgId(), ticket.runId(), ticket.beadId(), agentId, Claimant.BUILTIN_AGENT);
    }
    AtomDispatchRow row = em.find(AtomDispatchRow.class, ticket.id());
    if (row != null && row.isPending()) {
      boolean claimed = result.outcome() == ClaimOutcome.CLAIMED;
      row.settle(
          claimed ? AtomDispatchRow.DELIVERED : AtomDispatchRow.SKIPPED,
          clock.millis(),
          claimed ? null : "not claimed: " + result.outcome());
    }
    return result;
  }

  /**
   * A delivery of {@code ticket} failed before its claim committed: counted and retried later;
   * after the configured number of deliveries the bead is failed (§4.3).
   */
  @Transactional
  public void deliveryFailed(DispatchTicket ticket, String error) {
    AtomDispatchRow row = em.find(AtomDispatchRow.class, ticket.id());
    if (row == null || !row.isPending()) {
      return;
    }
    long now = clock.millis();
    row.deliveryFailed(error, now + settings.redeliveryAfter().toMillis());
    if (row.deliveries() >= settings.maxDeliveries()) {
      row.settle(AtomDispatchRow.FAILED, now, error);
      coordinator.failUndeliverable(
          ticket.runId(),
          ticket.beadId(),
          ticket.attempt(),
          row.deliveries() + " deliveries failed; last: " + error);
    }
  }

  /** PENDING dispatches of built-in runs that are due for (re)delivery. */
  @Transactional
  public List<DispatchTicket> dueDispatches(int limit) {
    return em
        .createQuery(
            "SELECT d FROM AtomDispatchRow d WHERE d.state = 'PENDING' AND d.nextAttemptAt <= :now"
                + " ORDER BY d.nextAttemptAt, d.id",
            AtomDispatchRow.class)
        .setParameter("now", clock.millis())
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(AtomDispatchRow::ticket)
        .toList();
  }

  // ---------------------------------------------------------------- the stale sweep

  @Transactional
  public List<String> runsToRescue(int limit) {
    return coordinator.runsToRescue(limit);
  }

  /** Rescues the stale beads of one run (scenarios 13-15); one transaction per run. */
  @Transactional
  public int rescue(String runId) {
    return coordinator.rescueStale(runId);
  }

  private static String encode(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("invalid-cursor", "cursor", "is not a cursor of this list");
    }
  }
}
