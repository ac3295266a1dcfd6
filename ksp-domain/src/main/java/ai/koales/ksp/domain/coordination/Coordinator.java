package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.Ids;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.domain.stream.EventStream;
import ai.koales.ksp.domain.stream.SessionEventKind;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The coordinator of coordination.md §4.1 and §4.3 as a domain service over its ports: init, seed,
 * claim (of one bead, or of the next ready one), heartbeat, release, fail, consent, stale rescue,
 * and the chaining that dispatches beads as they become ready. Each public method is one use case;
 * the caller gives it one transaction, and every method that changes a run locks the run first.
 *
 * <p>Chaining has one owner (P10): the transaction that makes a bead ready (seed for roots, release
 * for children, rescue for the rescued bead) records its dispatch, keyed by ready epoch (INV-C5); a
 * bead whose payload is not a valid directive is quarantined there instead (P8). A fail chains
 * nothing unless the run continues on failure (Q2, P5).
 */
public final class Coordinator {

  public static final String BEAD_UPDATE = "BEAD_UPDATE";

  /** A seed request larger than this is refused: it would hold the run's lock for too long. */
  public static final int MAX_SEED_BEADS = 10_000;

  private final RunRepository runs;
  private final ExecutionBeadRepository beads;
  private final GearCatalog gears;
  private final CoordinationJournal journal;
  private final AtomSessions sessions;
  private final JsonTextParser json;
  private final CoordinationPolicy policy;
  private final Clock clock;
  private final Supplier<String> leaseTokens;

  public Coordinator(
      RunRepository runs,
      ExecutionBeadRepository beads,
      GearCatalog gears,
      CoordinationJournal journal,
      AtomSessions sessions,
      JsonTextParser json,
      CoordinationPolicy policy,
      Clock clock) {
    this(
        runs,
        beads,
        gears,
        journal,
        sessions,
        json,
        policy,
        clock,
        () -> UUID.randomUUID().toString());
  }

  public Coordinator(
      RunRepository runs,
      ExecutionBeadRepository beads,
      GearCatalog gears,
      CoordinationJournal journal,
      AtomSessions sessions,
      JsonTextParser json,
      CoordinationPolicy policy,
      Clock clock,
      Supplier<String> leaseTokens) {
    this.runs = runs;
    this.beads = beads;
    this.gears = gears;
    this.journal = journal;
    this.sessions = sessions;
    this.json = json;
    this.policy = policy;
    this.clock = clock;
    this.leaseTokens = leaseTokens;
  }

  public CoordinationPolicy policy() {
    return policy;
  }

  // ---------------------------------------------------------------- runs and seeding

  /**
   * §4.1 init: idempotent; the run is bound to {@code orgId} (the same id from another org, or with
   * other settings, is a {@link RunConflictException}).
   */
  public InitResult init(
      String orgId, String runId, ExecutorKind executor, boolean continueOnFailure) {
    Run.requireRunId("runId", runId);
    Optional<Run> existing = runs.lock(runId);
    if (existing.isPresent()) {
      existing.get().requireSameInit(orgId, executor, continueOnFailure);
      return new InitResult(existing.get(), false);
    }
    Run run = Run.init(runId, orgId, executor, continueOnFailure, clock.millis());
    runs.add(run);
    return new InitResult(run, true);
  }

  /** Points the run's events at another stream (commissioning: its session id). */
  public Run bindStream(String orgId, String runId, String streamId) {
    Run run = lockOwned(orgId, runId);
    run.bindStream(streamId, clock.millis());
    runs.save(run);
    return run;
  }

  /** A seed that names no formula (Mediation's compile, and seeds of unbound molecules). */
  public SeedResult seed(String orgId, String runId, String moleculeId, List<BeadSeed> seeds) {
    return seed(orgId, runId, moleculeId, seeds, null);
  }

  /**
   * §4.1 seed, INV-C6: inserts the beads the run does not have yet (READY, attempt 0, one shared
   * createdAt) and their edges parent → child, all or nothing. Everything is checked before the
   * first write: ids, duplicates, registered gears (422 {@code unknown-gear}), the formula (below),
   * dependencies that name no bead of the request or the run (400 {@code unknown-dependency}) and
   * cycles. Beads that exist are left as they are, edges included. New beads whose parents are all
   * satisfied are dispatched (Q3: on a first seed, the roots).
   *
   * <p>Formulas (§1.3, AP8): a seed may name the formula its molecule follows ({@code formulaId});
   * it must be registered (422 {@code unknown-formula}), and the first such seed binds the molecule
   * to it. Every bead of a seed of a bound molecule, with or without {@code formulaId}, must name
   * one of the formula's gears (422 {@code gear-not-in-formula}, one error per bead). Naming
   * another formula than the bound one, or a formula for a molecule already seeded without one, is
   * 409 {@code molecule-formula-conflict}.
   */
  public SeedResult seed(
      String orgId, String runId, String moleculeId, List<BeadSeed> seeds, String formulaId) {
    Ids.requireId("moleculeId", moleculeId);
    if (formulaId != null) {
      Ids.requireId("formulaId", formulaId);
    }
    List<BeadSeed> request = seeds == null ? List.of() : seeds;
    validateShape(request);
    Optional<GearFormula> named =
        formulaId == null ? Optional.empty() : Optional.of(formula(orgId, formulaId));
    if (named.isPresent()) {
      requireGearsOf(named.get(), request);
    }
    Map<String, Gear> gearsById = new HashMap<>();
    for (BeadSeed s : request) {
      if (!gearsById.containsKey(s.gearId())) {
        gearsById.put(
            s.gearId(),
            gears
                .resolve(orgId, s.gearId())
                .orElseThrow(() -> new UnknownGearException(s.gearId())));
      }
    }

    Run run = lockOwned(orgId, runId);
    long now = clock.millis();
    Optional<String> bound = runs.formulaOf(runId, moleculeId);
    if (named.isPresent() && bound.isPresent() && !bound.get().equals(formulaId)) {
      throw new MoleculeFormulaConflictException(
          "molecule "
              + moleculeId
              + " of run "
              + runId
              + " follows formula "
              + bound.get()
              + ", not "
              + formulaId);
    }
    if (named.isPresent() && bound.isEmpty() && beads.countInMolecule(runId, moleculeId) > 0) {
      throw new MoleculeFormulaConflictException(
          "molecule "
              + moleculeId
              + " of run "
              + runId
              + " was seeded without a formula; it cannot follow "
              + formulaId
              + " now");
    }
    if (named.isEmpty() && bound.isPresent()) {
      requireGearsOf(formula(orgId, bound.get()), request);
    }
    Set<String> requestIds = new LinkedHashSet<>();
    Set<String> referenced = new LinkedHashSet<>();
    for (BeadSeed s : request) {
      requestIds.add(s.id());
      referenced.addAll(s.dependsOn());
    }
    Set<String> lookup = new HashSet<>(requestIds);
    lookup.addAll(referenced);
    Map<String, BeadStatus> existing = beads.statuses(runId, lookup);

    List<FieldViolation> unknown = new ArrayList<>();
    for (int i = 0; i < request.size(); i++) {
      List<String> deps = request.get(i).dependsOn();
      for (int j = 0; j < deps.size(); j++) {
        String dep = deps.get(j);
        if (!requestIds.contains(dep) && !existing.containsKey(dep)) {
          unknown.add(
              new FieldViolation(
                  "beads[" + i + "].dependsOn[" + j + "]",
                  "names bead " + dep + ", which is neither in this request nor in run " + runId));
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new UnknownDependencyException(unknown);
    }

    List<BeadSeed> fresh = request.stream().filter(s -> !existing.containsKey(s.id())).toList();
    requireAcyclic(fresh);

    List<ExecutionBead> inserted = new ArrayList<>(fresh.size());
    List<AtomEdge> edges = new ArrayList<>();
    for (BeadSeed s : fresh) {
      Set<String> parents = new LinkedHashSet<>(s.dependsOn());
      int pending = 0;
      for (String dep : parents) {
        BeadStatus parent = existing.get(dep);
        if (parent == null || !satisfies(parent, run)) {
          pending++;
        }
        edges.add(new AtomEdge(dep, s.id()));
      }
      inserted.add(
          ExecutionBead.seed(
              runId,
              s.id(),
              moleculeId,
              s.gearId(),
              s.nodeId(),
              roleOf(s.payload(), gearsById.get(s.gearId())),
              s.payload(),
              pending,
              now));
    }
    beads.insert(inserted, edges);
    run.seeded(inserted.size());
    if (named.isPresent() && bound.isEmpty()) {
      runs.bindFormula(runId, moleculeId, formulaId, now);
    }

    for (ExecutionBead b : inserted) {
      beadUpdate(run, b, now);
    }
    for (ExecutionBead b : inserted) {
      if (b.parentsSatisfied() && !dispatchReady(run, b, now)) {
        chainAfterFailure(run, b, now);
      }
    }
    settle(run, now);
    return new SeedResult(inserted.size(), request.size() - inserted.size());
  }

  private GearFormula formula(String orgId, String formulaId) {
    return gears
        .formula(orgId, formulaId)
        .orElseThrow(() -> new UnknownFormulaException(formulaId));
  }

  private static void requireGearsOf(GearFormula formula, List<BeadSeed> request) {
    List<FieldViolation> v = new ArrayList<>();
    for (int i = 0; i < request.size(); i++) {
      BeadSeed s = request.get(i);
      if (!formula.includes(s.gearId())) {
        v.add(
            new FieldViolation(
                "beads[" + i + "].gearId",
                "bead "
                    + s.id()
                    + " names gear "
                    + s.gearId()
                    + ", which is not one of formula "
                    + formula.id()
                    + "'s gears "
                    + formula.gearIds()));
      }
    }
    if (!v.isEmpty()) {
      throw new GearNotInFormulaException(formula.id(), v);
    }
  }

  private static void validateShape(List<BeadSeed> request) {
    if (request.size() > MAX_SEED_BEADS) {
      throw new InvalidInputException(
          "invalid-request", "beads", "at most " + MAX_SEED_BEADS + " beads per request");
    }
    List<FieldViolation> v = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < request.size(); i++) {
      BeadSeed s = request.get(i);
      String at = "beads[" + i + "]";
      if (s == null) {
        v.add(new FieldViolation(at, "must be an object"));
        continue;
      }
      if (!Ids.isValidId(s.id())) {
        v.add(new FieldViolation(at + ".id", "must match " + Ids.ID.pattern()));
      } else if (!seen.add(s.id())) {
        v.add(new FieldViolation(at + ".id", "duplicates bead " + s.id() + " of this request"));
      }
      if (s.gearId() == null || s.gearId().isBlank()) {
        v.add(new FieldViolation(at + ".gearId", "is required"));
      }
      if (s.nodeId() != null && s.nodeId().isBlank()) {
        v.add(new FieldViolation(at + ".nodeId", "must not be blank"));
      }
      for (int j = 0; j < s.dependsOn().size(); j++) {
        if (!Ids.isValidId(s.dependsOn().get(j))) {
          v.add(new FieldViolation(at + ".dependsOn[" + j + "]", "must match " + Ids.ID.pattern()));
        }
      }
    }
    if (!v.isEmpty()) {
      throw new InvalidInputException("invalid-request", v);
    }
  }

  /** Kahn's algorithm over the new beads' edges; existing beads never gain parents. */
  private static void requireAcyclic(List<BeadSeed> fresh) {
    Map<String, List<String>> children = new HashMap<>();
    Map<String, Integer> indegree = new LinkedHashMap<>();
    for (BeadSeed s : fresh) {
      indegree.putIfAbsent(s.id(), 0);
    }
    for (BeadSeed s : fresh) {
      for (String dep : new LinkedHashSet<>(s.dependsOn())) {
        if (indegree.containsKey(dep)) {
          children.computeIfAbsent(dep, k -> new ArrayList<>()).add(s.id());
          indegree.merge(s.id(), 1, Integer::sum);
        }
      }
    }
    Deque<String> free = new ArrayDeque<>();
    indegree.forEach(
        (id, d) -> {
          if (d == 0) {
            free.add(id);
          }
        });
    int visited = 0;
    while (!free.isEmpty()) {
      String id = free.poll();
      visited++;
      for (String c : children.getOrDefault(id, List.of())) {
        if (indegree.merge(c, -1, Integer::sum) == 0) {
          free.add(c);
        }
      }
    }
    if (visited == indegree.size()) {
      return;
    }
    // Walk parent links among the beads left over until one repeats: that is a cycle.
    Map<String, String> parentOf = new HashMap<>();
    for (BeadSeed s : fresh) {
      if (indegree.get(s.id()) > 0) {
        for (String dep : s.dependsOn()) {
          if (indegree.getOrDefault(dep, 0) > 0) {
            parentOf.put(s.id(), dep);
            break;
          }
        }
      }
    }
    String start = parentOf.keySet().iterator().next();
    List<String> path = new ArrayList<>();
    Set<String> onPath = new HashSet<>();
    String at = start;
    while (onPath.add(at)) {
      path.add(at);
      at = parentOf.get(at);
    }
    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
    java.util.Collections.reverse(cycle);
    cycle.add(cycle.get(0));
    throw new DependencyCycleException(cycle);
  }

  /** BR-KSP-19: the directive's role when it names a valid one, else the gear's. */
  private String roleOf(Object payload, Gear gear) {
    Object value = payload;
    if (value instanceof String text) {
      try {
        value = json.parse(text);
      } catch (IllegalArgumentException notJson) {
        value = null;
      }
    }
    if (value instanceof Map<?, ?> m) {
      Optional<RoleName> r = RoleName.parse(m.get("role"));
      if (r.isPresent()) {
        return r.get().wireName();
      }
    }
    return gear.role().wireName();
  }

  // ---------------------------------------------------------------- reads

  /** The run of {@code orgId} (no lock). */
  public Run run(String orgId, String runId) {
    return runs.find(runId)
        .filter(r -> r.belongsTo(orgId))
        .orElseThrow(() -> new RunNotFoundException(runId));
  }

  /** §1.3 GearMolecule: the molecule's beads, the formula it follows and its status (read-only). */
  public GearMolecule molecule(String orgId, String runId, String moleculeId) {
    run(orgId, runId);
    Map<String, BeadStatus> statuses = beads.statusesInMolecule(runId, moleculeId);
    if (statuses.isEmpty()) {
      throw new MoleculeNotFoundException(runId, moleculeId);
    }
    return new GearMolecule(
        runId,
        moleculeId,
        runs.formulaOf(runId, moleculeId).orElse(null),
        List.copyOf(statuses.keySet()),
        GearMolecule.statusOf(List.copyOf(statuses.values())));
  }

  /**
   * §4.1 next: the oldest claimable bead of a molecule, read-only (P6). A molecule without beads is
   * a permanent error, never "complete" (FR-16, P9).
   */
  public Optional<ExecutionBead> next(String orgId, String runId, String moleculeId) {
    run(orgId, runId);
    if (beads.countInMolecule(runId, moleculeId) == 0) {
      throw new BeadsNotSeededException(moleculeId);
    }
    return beads.firstClaimableInMolecule(runId, moleculeId);
  }

  // ---------------------------------------------------------------- claims

  /**
   * §4.1 claim of one bead. Refusals (already claimed, not ready, terminal, not found) change
   * nothing; a claim opens a real knowing-state session and records the execution through it (P1).
   */
  public ClaimResult claim(
      String orgId, String runId, String beadId, String agentId, Claimant claimant) {
    Run run = lockOwned(orgId, runId);
    if (run.executor() != claimant.executes()) {
      throw new ExecutorMismatchException(runId, run.executor());
    }
    Optional<ExecutionBead> bead = beads.find(runId, beadId);
    if (bead.isEmpty()) {
      return ClaimResult.refused(ClaimOutcome.NOT_FOUND, runId, beadId, null);
    }
    return claimLocked(run, bead.get(), agentId);
  }

  /**
   * The next claimable bead of any external run of the org, for an agent that plays one of {@code
   * roles} (any role when empty). {@link ClaimOutcome#NOT_FOUND} means nothing is ready anywhere;
   * {@link ClaimOutcome#NOT_READY} or {@link ClaimOutcome#TERMINAL} mean the chosen candidate was
   * taken or quarantined meanwhile, and the caller should try again in a new transaction.
   */
  public ClaimResult claimNext(String orgId, String agentId, Set<String> roles) {
    Set<String> r = roles == null ? Set.of() : roles;
    Optional<String> runId = runs.lockAnyClaimable(orgId, r);
    if (runId.isEmpty()) {
      runId = runs.findClaimable(orgId, r);
    }
    if (runId.isEmpty()) {
      return ClaimResult.refused(ClaimOutcome.NOT_FOUND, null, null, null);
    }
    Run run = lockOwned(orgId, runId.get());
    Optional<ExecutionBead> bead = beads.firstClaimable(run.runId(), r);
    if (bead.isEmpty()) {
      return ClaimResult.refused(ClaimOutcome.NOT_READY, run.runId(), null, null);
    }
    return claimLocked(run, bead.get(), agentId);
  }

  private ClaimResult claimLocked(Run run, ExecutionBead bead, String agentId) {
    long now = clock.millis();
    boolean satisfied = bead.status() == BeadStatus.READY && bead.parentsSatisfied();
    AtomDirective.Check check = null;
    if (satisfied) {
      check = AtomDirective.check(bead.payload(), json, run.runId(), bead.id());
      if (!check.valid()) {
        quarantine(run, bead, check.quarantineResult(), now);
        chainAfterFailure(run, bead, now);
        settle(run, now);
        return ClaimResult.refused(ClaimOutcome.TERMINAL, run.runId(), bead.id(), bead.status());
      }
    }
    ClaimOutcome outcome = bead.claimBy(agentId, satisfied, leaseTokens.get(), now);
    if (outcome != ClaimOutcome.CLAIMED) {
      return ClaimResult.refused(outcome, run.runId(), bead.id(), bead.status());
    }
    AtomDirective directive = check.directive();
    AtomSessions.Opened opened =
        sessions.open(
            run.orgId(),
            run.runId(),
            bead.id(),
            bead.attemptCount(),
            agentId,
            bead.role(),
            directive.skillRef().orElse(bead.gearId()));
    bead.attachSession(opened.sessionId(), opened.executionBeadId());
    store(bead, true, run);
    run.start(now);
    journal.audit(AuditEntry.of(run, bead, agentId, AuditVerdict.CLAIMED, now));
    Map<String, Object> payload = payload(run, bead, agentId);
    payload.put("sessionId", opened.sessionId());
    sessionEvent(run, SessionEventKind.BEAD_CLAIMED, payload, now);
    beadUpdate(run, bead, now);
    settle(run, now);
    return ClaimResult.claimed(
        new Claim(
            run.orgId(),
            run.runId(),
            bead.id(),
            bead.moleculeId(),
            bead.gearId(),
            bead.role(),
            agentId,
            bead.leaseToken(),
            bead.attemptCount(),
            bead.leaseExpiresAt(policy.staleAfter().toMillis()),
            directive.raw(),
            beads.parentIds(run.runId(), bead.id()),
            opened.sessionId(),
            opened.executionBeadId()));
  }

  // ---------------------------------------------------------------- the holder's calls

  /** §4.1 heartbeat: refreshes the holder's lease; returns when it now expires. */
  public long heartbeat(String orgId, String runId, String beadId, String leaseToken) {
    Run run = lockOwned(orgId, runId);
    ExecutionBead bead = found(runId, beadId);
    long expires = bead.heartbeat(leaseToken, clock.millis(), policy.staleAfter().toMillis());
    store(bead, false, run);
    return expires;
  }

  /**
   * §4.1 release by the holder: DONE, one audit row, the outcome queued for recording, and the
   * children that became ready dispatched (chaining, INV-C5).
   */
  public ExecutionBead release(
      String orgId, String runId, String beadId, String leaseToken, Object result) {
    Run run = lockOwned(orgId, runId);
    long now = clock.millis();
    ExecutionBead bead = found(runId, beadId);
    bead.releaseBy(leaseToken, result, now);
    store(bead, false, run);
    journal.audit(AuditEntry.of(run, bead, bead.assignedTo(), AuditVerdict.DONE, now));
    sessionEvent(run, SessionEventKind.BEAD_RELEASED, payload(run, bead, bead.assignedTo()), now);
    beadUpdate(run, bead, now);
    queueOutcome(run, bead, AtomOutcome.of(bead), now);
    beads.parentSatisfied(run.runId(), bead.id());
    chainFrom(run, bead, now);
    settle(run, now);
    return bead;
  }

  /**
   * §4.1 fail by the holder: FAILED with {@code {error}}, one audit row, the outcome queued. It
   * chains only when the run continues on failure (Q2); by default its descendants stay blocked.
   */
  public ExecutionBead fail(
      String orgId, String runId, String beadId, String leaseToken, Object error) {
    Run run = lockOwned(orgId, runId);
    long now = clock.millis();
    ExecutionBead bead = found(runId, beadId);
    bead.failBy(leaseToken, error, now);
    failed(run, bead, bead.assignedTo(), AuditVerdict.FAILED, now);
    settle(run, now);
    return bead;
  }

  /**
   * I4: a tool call of the holder. It is audited before the allow-list check; a tool outside the
   * directive's permitted tools fails the bead (the atom is aborted before the tool runs).
   */
  public ConsentDecision consent(
      String orgId,
      String runId,
      String beadId,
      String leaseToken,
      String toolName,
      String toolCallId) {
    if (toolName == null || toolName.isBlank()) {
      throw new InvalidInputException("invalid-request", "toolName", "is required");
    }
    Run run = lockOwned(orgId, runId);
    long now = clock.millis();
    ExecutionBead bead = found(runId, beadId);
    bead.recordToolCall(leaseToken, now);
    journal.consentRequested(
        new ConsentEntry(
            run.orgId(),
            runId,
            beadId,
            bead.attemptCount(),
            bead.assignedTo(),
            toolName,
            toolCallId,
            now));
    AtomDirective.Check check = AtomDirective.check(bead.payload(), json, runId, beadId);
    if (check.valid() && check.directive().permits(toolName)) {
      store(bead, false, run);
      return new ConsentDecision(true, bead.status());
    }
    bead.denyConsent(leaseToken, toolName, toolCallId, now);
    Map<String, Object> denied = payload(run, bead, bead.assignedTo());
    denied.put("toolName", toolName);
    denied.put("toolCallId", toolCallId);
    sessionEvent(run, SessionEventKind.CONSENT_BEAD_DENIED, denied, now);
    failed(run, bead, bead.assignedTo(), AuditVerdict.FAILED, now);
    settle(run, now);
    return new ConsentDecision(false, bead.status());
  }

  // ---------------------------------------------------------------- the server's own transitions

  /** Runs (at most {@code limit}) with an IN_PROGRESS bead silent for the stale threshold. */
  public List<String> runsToRescue(int limit) {
    return beads.runsWithStaleBeads(clock.millis() - policy.staleAfter().toMillis(), limit);
  }

  /**
   * The stale sweep for one run (§4.1 sweep, scenarios 13-15): every IN_PROGRESS bead without a
   * heartbeat since the cutoff goes back to READY with no holder and is dispatched again once, or,
   * after {@code maxAttempts} attempts, FAILED with verdict timed_out. Returns how many beads it
   * changed.
   */
  public int rescueStale(String runId) {
    Optional<Run> locked = runs.lock(runId);
    if (locked.isEmpty()) {
      return 0;
    }
    Run run = locked.get();
    long now = clock.millis();
    int changed = 0;
    for (ExecutionBead bead : beads.staleInRun(runId, now - policy.staleAfter().toMillis())) {
      String holder = bead.assignedTo();
      String sessionId = bead.sessionId();
      String executionBeadId = bead.executionBeadId();
      int attempt = bead.attemptCount();
      int toolCalls = bead.toolCallCount();
      RescueOutcome outcome = bead.rescue(now, policy.maxAttempts());
      if (outcome == RescueOutcome.RESCUED) {
        store(bead, false, run);
        journal.audit(AuditEntry.of(run, bead, holder, AuditVerdict.RESCUED, now));
        sessionEvent(run, SessionEventKind.BEAD_RESCUED, payload(run, bead, holder), now);
        beadUpdate(run, bead, now);
        if (sessionId != null && executionBeadId != null) {
          journal.outcome(
              new PendingOutcome(
                  run.orgId(),
                  runId,
                  run.streamId(),
                  bead.id(),
                  attempt,
                  sessionId,
                  executionBeadId,
                  AtomOutcome.abandoned(
                      "abandoned: no heartbeat for "
                          + policy.staleAfter()
                          + "; the atom was rescued for another attempt",
                      toolCalls),
                  now));
        }
        dispatchReady(run, bead, now);
      } else {
        failed(run, bead, holder, AuditVerdict.TIMED_OUT, now);
      }
      changed++;
    }
    if (changed > 0) {
      settle(run, now);
    }
    return changed;
  }

  /**
   * A READY bead whose dispatch could not be delivered after every redelivery (§4.3: after 6
   * deliveries the failure is published): it is failed like a quarantined one. Nothing happens when
   * the bead has moved on since (claimed, or a later epoch).
   */
  public boolean failUndeliverable(String runId, String beadId, int attempt, String reason) {
    Optional<Run> locked = runs.lock(runId);
    if (locked.isEmpty()) {
      return false;
    }
    Run run = locked.get();
    Optional<ExecutionBead> bead = beads.find(runId, beadId);
    if (bead.isEmpty()
        || bead.get().status() != BeadStatus.READY
        || bead.get().attemptCount() != attempt) {
      return false;
    }
    long now = clock.millis();
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("error", "atom-dispatch-failure");
    error.put("reason", reason);
    quarantine(run, bead.get(), error, now);
    chainAfterFailure(run, bead.get(), now);
    settle(run, now);
    return true;
  }

  // ---------------------------------------------------------------- chaining

  /**
   * Dispatches every child that {@code parent}'s transition made ready; with continueOnFailure a
   * child quarantined on the way satisfies its own children in turn.
   */
  private void chainFrom(Run run, ExecutionBead parent, long now) {
    Deque<String> parents = new ArrayDeque<>();
    parents.add(parent.id());
    while (!parents.isEmpty()) {
      String p = parents.poll();
      for (ExecutionBead child : beads.claimableChildren(run.runId(), p)) {
        if (!dispatchReady(run, child, now) && run.continueOnFailure()) {
          // Quarantined: with continueOnFailure its own children may run now.
          beads.parentSatisfied(run.runId(), child.id());
          parents.add(child.id());
        }
      }
    }
  }

  /** Whether a parent in {@code status} lets its children run (Q2). */
  private static boolean satisfies(BeadStatus status, Run run) {
    return status == BeadStatus.DONE || (status == BeadStatus.FAILED && run.continueOnFailure());
  }

  /** A bead that just became ready: dispatched, or quarantined when its directive is invalid. */
  private boolean dispatchReady(Run run, ExecutionBead bead, long now) {
    AtomDirective.Check check = AtomDirective.check(bead.payload(), json, run.runId(), bead.id());
    if (check.valid()) {
      journal.dispatch(Dispatch.of(run, bead, now));
      return true;
    }
    quarantine(run, bead, check.quarantineResult(), now);
    return false;
  }

  private void quarantine(Run run, ExecutionBead bead, Object error, long now) {
    bead.quarantine(error, now);
    store(bead, false, run);
    journal.audit(AuditEntry.of(run, bead, ExecutionBead.DISPATCHER, AuditVerdict.FAILED, now));
    Map<String, Object> p = payload(run, bead, ExecutionBead.DISPATCHER);
    p.put("error", bead.result());
    sessionEvent(run, SessionEventKind.BEAD_FAILED, p, now);
    beadUpdate(run, bead, now);
  }

  /** The common tail of every IN_PROGRESS → FAILED transition. */
  private void failed(Run run, ExecutionBead bead, String agentId, AuditVerdict verdict, long now) {
    store(bead, false, run);
    journal.audit(AuditEntry.of(run, bead, agentId, verdict, now));
    Map<String, Object> p = payload(run, bead, agentId);
    p.put("error", bead.result());
    sessionEvent(run, SessionEventKind.BEAD_FAILED, p, now);
    beadUpdate(run, bead, now);
    queueOutcome(run, bead, AtomOutcome.of(bead), now);
    chainAfterFailure(run, bead, now);
  }

  /** A FAILED bead satisfies its children only when the run continues on failure (Q2, P5). */
  private void chainAfterFailure(Run run, ExecutionBead bead, long now) {
    if (run.continueOnFailure()) {
      beads.parentSatisfied(run.runId(), bead.id());
      chainFrom(run, bead, now);
    }
  }

  // ---------------------------------------------------------------- helpers

  private void queueOutcome(Run run, ExecutionBead bead, AtomOutcome outcome, long now) {
    if (bead.sessionId() != null && bead.executionBeadId() != null) {
      journal.outcome(
          new PendingOutcome(
              run.orgId(),
              run.runId(),
              run.streamId(),
              bead.id(),
              bead.attemptCount(),
              bead.sessionId(),
              bead.executionBeadId(),
              outcome,
              now));
    }
  }

  /** Re-derives the run's status and announces a finish (§3.3, Q11). */
  private void settle(Run run, long now) {
    RunCounts counts = run.counts();
    boolean claimable = true;
    if (counts.inProgress() == 0 && counts.ready() > 0 && counts.failed() > 0) {
      claimable = beads.anyClaimable(run.runId());
    }
    if (run.settle(claimable, now)) {
      journal.runFinished(
          new RunFinished(
              run.orgId(),
              run.runId(),
              run.status(),
              beads.failedIds(run.runId()),
              run.streamId()));
    }
    runs.save(run);
  }

  private void store(ExecutionBead bead, boolean parentGate, Run run) {
    if (!beads.compareAndSet(bead, parentGate, run.continueOnFailure())) {
      throw new ConcurrentBeadChangeException(bead.id());
    }
    run.beadMoved(bead.storedStatus(), bead.status());
    bead.markStored();
  }

  private Run lockOwned(String orgId, String runId) {
    return runs.lock(runId)
        .filter(r -> r.belongsTo(orgId))
        .orElseThrow(() -> new RunNotFoundException(runId));
  }

  private ExecutionBead found(String runId, String beadId) {
    return beads
        .find(runId, beadId)
        .orElseThrow(() -> new ExecutionBeadNotFoundException(runId, beadId));
  }

  private static Map<String, Object> payload(Run run, ExecutionBead bead, String agentId) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("atomId", bead.id());
    p.put("runId", run.runId());
    p.put("agentId", agentId);
    p.put("attempt", bead.attemptCount());
    p.put("status", bead.status().name());
    return p;
  }

  private void sessionEvent(Run run, SessionEventKind kind, Map<String, Object> payload, long now) {
    journal.event(DomainEvent.session(run.streamId(), kind, run.runId(), payload, now));
  }

  /** The beadUpdates stream's {@code {atomId, status}} (edges.md §1.5 BEAD_UPDATE). */
  private void beadUpdate(Run run, ExecutionBead bead, long now) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("atomId", bead.id());
    p.put("status", bead.status().name());
    journal.event(
        new DomainEvent(
            run.streamId(),
            EventStream.BEAD_UPDATES,
            BEAD_UPDATE,
            run.runId(),
            null,
            p,
            now,
            false));
  }
}
