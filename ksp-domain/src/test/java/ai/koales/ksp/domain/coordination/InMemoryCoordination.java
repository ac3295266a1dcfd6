package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.stream.DomainEvent;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The coordinator's ports in memory, with the same semantics as the JPA adapters (stored copies,
 * compare-and-set on status and version), plus a settable clock. Single-threaded: the real
 * concurrency is tested over HTTP.
 */
final class InMemoryCoordination
    implements RunRepository,
        ExecutionBeadRepository,
        GearCatalog,
        CoordinationJournal,
        AtomSessions {

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void set(Instant instant) {
      now = instant;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MutableClock clock = new MutableClock(Instant.parse("2026-06-10T10:00:00Z"));
  final Map<String, Run> runs = new LinkedHashMap<>();
  final Map<String, Map<String, ExecutionBead>> rows = new LinkedHashMap<>();
  final Map<String, List<AtomEdge>> edges = new LinkedHashMap<>();
  final Map<String, Gear> gears = new LinkedHashMap<>();
  final Map<String, GearFormula> formulas = new LinkedHashMap<>();
  final Map<String, String> moleculeFormulas = new LinkedHashMap<>();
  final List<AuditEntry> audits = new ArrayList<>();
  final List<ConsentEntry> consents = new ArrayList<>();
  final List<DomainEvent> events = new ArrayList<>();
  final Map<String, Dispatch> dispatches = new LinkedHashMap<>();
  final List<PendingOutcome> outcomes = new ArrayList<>();
  final List<RunFinished> finished = new ArrayList<>();
  final List<String[]> sessionsOpened = new ArrayList<>();
  final List<String[]> outcomesRecorded = new ArrayList<>();
  final AtomicInteger sessionSeq = new AtomicInteger();
  RuntimeException failOnAudit;

  static final JsonTextParser JSON =
      text -> {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
          return toJava(r.readValue());
        } catch (JsonException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
      };

  static Object toJava(JsonValue v) {
    return switch (v.getValueType()) {
      case NULL -> null;
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case STRING -> ((JsonString) v).getString();
      case NUMBER -> ((JsonNumber) v).bigDecimalValue();
      case OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        v.asJsonObject().forEach((k, x) -> m.put(k, toJava(x)));
        yield m;
      }
      case ARRAY -> v.asJsonArray().stream().map(InMemoryCoordination::toJava).toList();
    };
  }

  Coordinator coordinator(CoordinationPolicy policy) {
    AtomicInteger lease = new AtomicInteger();
    return new Coordinator(
        this,
        this,
        this,
        this,
        this,
        JSON,
        policy,
        clock,
        () -> "lease-" + lease.incrementAndGet());
  }

  void register(Gear gear) {
    gears.put(gear.id(), gear);
  }

  // ---------------------------------------------------------------- RunRepository

  @Override
  public Optional<Run> find(String runId) {
    return Optional.ofNullable(runs.get(runId)).map(InMemoryCoordination::copy);
  }

  @Override
  public Optional<Run> lock(String runId) {
    return find(runId);
  }

  @Override
  public void add(Run run) {
    runs.put(run.runId(), copy(run));
  }

  @Override
  public void save(Run run) {
    runs.put(run.runId(), copy(run));
  }

  @Override
  public Optional<String> formulaOf(String runId, String moleculeId) {
    return Optional.ofNullable(moleculeFormulas.get(runId + "/" + moleculeId));
  }

  @Override
  public void bindFormula(String runId, String moleculeId, String formulaId, long now) {
    if (moleculeFormulas.putIfAbsent(runId + "/" + moleculeId, formulaId) != null) {
      throw new IllegalStateException("molecule " + moleculeId + " is bound already");
    }
  }

  @Override
  public Optional<String> lockAnyClaimable(String orgId, Set<String> roles) {
    return Optional.empty();
  }

  @Override
  public Optional<String> findClaimable(String orgId, Set<String> roles) {
    return runs.values().stream()
        .filter(r -> r.belongsTo(orgId) && r.executor() == ExecutorKind.EXTERNAL)
        .filter(r -> firstClaimable(r.runId(), roles).isPresent())
        .min(Comparator.comparing(Run::createdAt).thenComparing(Run::runId))
        .map(Run::runId);
  }

  private static Run copy(Run r) {
    return new Run(
        r.runId(),
        r.orgId(),
        r.executor(),
        r.continueOnFailure(),
        r.streamId(),
        r.status(),
        r.counts(),
        r.createdAt(),
        r.updatedAt());
  }

  // ---------------------------------------------------------------- ExecutionBeadRepository

  private Map<String, ExecutionBead> beadsOf(String runId) {
    return rows.computeIfAbsent(runId, k -> new LinkedHashMap<>());
  }

  ExecutionBead stored(String runId, String beadId) {
    return copy(beadsOf(runId).get(beadId));
  }

  @Override
  public Optional<ExecutionBead> find(String runId, String beadId) {
    return Optional.ofNullable(beadsOf(runId).get(beadId)).map(InMemoryCoordination::copy);
  }

  @Override
  public Map<String, BeadStatus> statuses(String runId, Collection<String> ids) {
    Map<String, BeadStatus> out = new LinkedHashMap<>();
    for (String id : ids) {
      ExecutionBead b = beadsOf(runId).get(id);
      if (b != null) {
        out.put(id, b.status());
      }
    }
    return out;
  }

  @Override
  public void parentSatisfied(String runId, String parentId) {
    for (AtomEdge e : edges(runId)) {
      if (e.parentId().equals(parentId)) {
        ExecutionBead child = beadsOf(runId).get(e.childId());
        beadsOf(runId).put(child.id(), copy(child, child.version(), child.pendingParents() - 1));
      }
    }
  }

  /** The stored pending-parent counts must equal what the parents' statuses say. */
  void assertPendingCountsConsistent(String runId) {
    boolean cof = runs.get(runId).continueOnFailure();
    for (ExecutionBead b : beadsOf(runId).values()) {
      long truth =
          parentIds(runId, b.id()).stream()
              .map(p -> beadsOf(runId).get(p).status())
              .filter(st -> !(st == BeadStatus.DONE || (cof && st == BeadStatus.FAILED)))
              .count();
      if (truth != b.pendingParents()) {
        throw new AssertionError(
            "pending parents of " + b.id() + ": stored " + b.pendingParents() + ", truth " + truth);
      }
    }
  }

  @Override
  public void insert(List<ExecutionBead> beads, List<AtomEdge> newEdges) {
    for (ExecutionBead b : beads) {
      beadsOf(b.runId()).put(b.id(), copy(b));
    }
    if (!beads.isEmpty()) {
      edges.computeIfAbsent(beads.get(0).runId(), k -> new ArrayList<>()).addAll(newEdges);
    }
  }

  List<AtomEdge> edges(String runId) {
    return edges.getOrDefault(runId, List.of());
  }

  boolean parentsSatisfied(String runId, String beadId, boolean continueOnFailure) {
    return parentIds(runId, beadId).stream()
        .map(p -> beadsOf(runId).get(p).status())
        .allMatch(s -> s == BeadStatus.DONE || (continueOnFailure && s == BeadStatus.FAILED));
  }

  @Override
  public List<String> parentIds(String runId, String beadId) {
    return edges(runId).stream()
        .filter(e -> e.childId().equals(beadId))
        .map(AtomEdge::parentId)
        .sorted()
        .toList();
  }

  @Override
  public boolean compareAndSet(ExecutionBead bead, boolean parentGate, boolean continueOnFailure) {
    ExecutionBead row = beadsOf(bead.runId()).get(bead.id());
    if (row == null
        || row.status() != bead.storedStatus()
        || row.version() != bead.storedVersion()) {
      return false;
    }
    if (parentGate && !parentsSatisfied(bead.runId(), bead.id(), continueOnFailure)) {
      return false;
    }
    // Like the SQL adapter: the pending-parent count is the row's, not the loaded copy's.
    ExecutionBead written = copy(bead, bead.storedVersion() + 1, row.pendingParents());
    beadsOf(bead.runId()).put(bead.id(), written);
    return true;
  }

  @Override
  public Optional<ExecutionBead> firstClaimable(String runId, Set<String> roles) {
    assertPendingCountsConsistent(runId);
    return beadsOf(runId).values().stream()
        .filter(b -> b.status() == BeadStatus.READY)
        .filter(b -> roles.isEmpty() || roles.contains(b.role()))
        .filter(ExecutionBead::parentsSatisfied)
        .min(Comparator.comparing(ExecutionBead::createdAt).thenComparing(ExecutionBead::id))
        .map(InMemoryCoordination::copy);
  }

  @Override
  public Optional<ExecutionBead> firstClaimableInMolecule(String runId, String moleculeId) {
    return beadsOf(runId).values().stream()
        .filter(b -> b.moleculeId().equals(moleculeId) && b.status() == BeadStatus.READY)
        .filter(ExecutionBead::parentsSatisfied)
        .min(Comparator.comparing(ExecutionBead::createdAt).thenComparing(ExecutionBead::id))
        .map(InMemoryCoordination::copy);
  }

  @Override
  public long countInMolecule(String runId, String moleculeId) {
    return beadsOf(runId).values().stream().filter(b -> b.moleculeId().equals(moleculeId)).count();
  }

  @Override
  public Map<String, BeadStatus> statusesInMolecule(String runId, String moleculeId) {
    Map<String, BeadStatus> out = new LinkedHashMap<>();
    beadsOf(runId).values().stream()
        .filter(b -> b.moleculeId().equals(moleculeId))
        .sorted(Comparator.comparingLong(ExecutionBead::createdAt).thenComparing(ExecutionBead::id))
        .forEach(b -> out.put(b.id(), b.status()));
    return out;
  }

  @Override
  public List<ExecutionBead> claimableChildren(String runId, String parentId) {
    assertPendingCountsConsistent(runId);
    Set<String> children = new HashSet<>();
    edges(runId).stream()
        .filter(e -> e.parentId().equals(parentId))
        .forEach(e -> children.add(e.childId()));
    return beadsOf(runId).values().stream()
        .filter(b -> children.contains(b.id()) && b.status() == BeadStatus.READY)
        .filter(ExecutionBead::parentsSatisfied)
        .sorted(Comparator.comparing(ExecutionBead::createdAt).thenComparing(ExecutionBead::id))
        .map(InMemoryCoordination::copy)
        .toList();
  }

  RunCounts counts(String runId) {
    Map<BeadStatus, Long> c =
        beadsOf(runId).values().stream()
            .collect(Collectors.groupingBy(ExecutionBead::status, Collectors.counting()));
    return new RunCounts(
        c.getOrDefault(BeadStatus.READY, 0L),
        c.getOrDefault(BeadStatus.IN_PROGRESS, 0L),
        c.getOrDefault(BeadStatus.DONE, 0L),
        c.getOrDefault(BeadStatus.FAILED, 0L));
  }

  @Override
  public boolean anyClaimable(String runId) {
    return firstClaimable(runId, Set.of()).isPresent();
  }

  @Override
  public List<String> failedIds(String runId) {
    return beadsOf(runId).values().stream()
        .filter(b -> b.status() == BeadStatus.FAILED)
        .map(ExecutionBead::id)
        .sorted()
        .toList();
  }

  @Override
  public List<String> runsWithStaleBeads(long cutoff, int limit) {
    return rows.keySet().stream()
        .filter(r -> !staleInRun(r, cutoff).isEmpty())
        .limit(limit)
        .toList();
  }

  @Override
  public List<ExecutionBead> staleInRun(String runId, long cutoff) {
    return beadsOf(runId).values().stream()
        .filter(b -> b.status() == BeadStatus.IN_PROGRESS && b.lastHeartbeatAt() < cutoff)
        .map(InMemoryCoordination::copy)
        .toList();
  }

  private static ExecutionBead copy(ExecutionBead b) {
    return copy(b, b.version());
  }

  private static ExecutionBead copy(ExecutionBead b, long version) {
    return copy(b, version, b.pendingParents());
  }

  private static ExecutionBead copy(ExecutionBead b, long version, int pendingParents) {
    return new ExecutionBead(
        b.runId(),
        b.id(),
        b.moleculeId(),
        b.gearId(),
        b.nodeId(),
        b.role(),
        b.payload(),
        b.createdAt(),
        b.status(),
        b.assignedTo(),
        b.attemptCount(),
        b.result(),
        b.updatedAt(),
        b.leaseToken(),
        b.lastHeartbeatAt(),
        b.sessionId(),
        b.executionBeadId(),
        b.toolCallCount(),
        pendingParents,
        version);
  }

  // ---------------------------------------------------------------- GearCatalog

  @Override
  public Optional<Gear> resolve(String orgId, String gearId) {
    if (Gear.DEFAULT_ID.equals(gearId)) {
      return Optional.of(Gear.DEFAULT);
    }
    return Optional.ofNullable(gears.get(gearId));
  }

  @Override
  public Optional<GearFormula> formula(String orgId, String formulaId) {
    return Optional.ofNullable(formulas.get(formulaId));
  }

  void register(GearFormula formula) {
    formulas.put(formula.id(), formula);
  }

  // ---------------------------------------------------------------- CoordinationJournal

  @Override
  public void audit(AuditEntry entry) {
    if (failOnAudit != null) {
      throw failOnAudit;
    }
    audits.add(entry);
  }

  @Override
  public void consentRequested(ConsentEntry entry) {
    consents.add(entry);
  }

  @Override
  public void event(DomainEvent event) {
    events.add(event);
  }

  @Override
  public boolean dispatch(Dispatch dispatch) {
    return dispatches.putIfAbsent(dispatch.key(), dispatch) == null;
  }

  @Override
  public void outcome(PendingOutcome outcome) {
    outcomes.add(outcome);
  }

  @Override
  public void runFinished(RunFinished f) {
    finished.add(f);
  }

  List<String> eventKinds() {
    return events.stream().map(DomainEvent::kind).toList();
  }

  // ---------------------------------------------------------------- AtomSessions

  @Override
  public Opened open(
      String orgId,
      String runId,
      String beadId,
      int attempt,
      String agentId,
      String role,
      String action) {
    int n = sessionSeq.incrementAndGet();
    sessionsOpened.add(new String[] {orgId, runId, beadId, agentId, role, action});
    return new Opened("session-" + n, "execution-" + n);
  }

  @Override
  public String recordOutcome(PendingOutcome p) {
    outcomesRecorded.add(
        new String[] {p.sessionId(), p.executionBeadId(), p.outcome().status().name()});
    return "outcome-" + p.executionBeadId();
  }
}
