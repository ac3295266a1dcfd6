package ai.koales.ksp.persistence.mediation;

import ai.koales.ksp.domain.artifact.ArtifactNode;
import ai.koales.ksp.domain.artifact.GraphKey;
import ai.koales.ksp.domain.artifact.NodeTypes;
import ai.koales.ksp.domain.artifact.PageRequest;
import ai.koales.ksp.domain.bead.BeadId;
import ai.koales.ksp.domain.bead.CanonicalJson;
import ai.koales.ksp.domain.coordination.BeadSeed;
import ai.koales.ksp.domain.coordination.Gear;
import ai.koales.ksp.domain.mediation.CoherenceProbe;
import ai.koales.ksp.domain.mediation.CommissionRequest;
import ai.koales.ksp.domain.mediation.CommissionResult;
import ai.koales.ksp.domain.mediation.CompileFailureException;
import ai.koales.ksp.domain.mediation.CompileFailureException.Reason;
import ai.koales.ksp.domain.mediation.DirectiveCompiler;
import ai.koales.ksp.domain.mediation.GearSpec;
import ai.koales.ksp.domain.mediation.MediationLifecycle;
import ai.koales.ksp.domain.mediation.MediationRun;
import ai.koales.ksp.domain.mediation.WorkGraphAtom;
import ai.koales.ksp.domain.mediation.WorkGraphAtomConflictException;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.domain.stream.EventStream;
import ai.koales.ksp.domain.stream.SessionEventKind;
import ai.koales.ksp.persistence.artifact.ArtifactGraphService;
import ai.koales.ksp.persistence.coordination.CoordinationService;
import ai.koales.ksp.persistence.coordination.JpaGearCatalog;
import ai.koales.ksp.persistence.platform.JsonValues;
import ai.koales.ksp.persistence.platform.PartitionLocks;
import ai.koales.ksp.persistence.stream.EventOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The compile's transactions (coordination.md §4.4). A commission is one transaction: steps 1-4
 * only read (validate before write), steps 5-8 write the Specification and directive nodes, the
 * compiled molecule and the seeded run together, so a failure at any step leaves nothing but the
 * run's FAILED lifecycle, which {@link #failed} records in a transaction of its own.
 */
@ApplicationScoped
public class MediationWrites {

  private static final Logger LOG = Logger.getLogger(MediationWrites.class.getName());

  /** Commissions of one run id serialise on this partition (idempotency under concurrency). */
  static final String RUN_PARTITION = "mediation-run";

  static final String SPECIFIES = "specifies";

  /** The read model's edge from a compiled specification to the work graph it compiles. */
  static final String COMPILES = "compiles";

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject Clock clock;
  @Inject PartitionLocks partitions;
  @Inject ArtifactGraphService artifacts;
  @Inject JpaGearCatalog gears;
  @Inject CoordinationService coordination;
  @Inject EventOutbox outbox;

  /**
   * Persists work-graph atoms (insert-if-absent); the same atom again is a no-op, the same ref with
   * other content {@code workgraph-atom-conflict}. Returns the refs in order.
   */
  @Transactional
  public List<String> storeAtoms(String orgId, List<WorkGraphAtom> atoms) {
    long now = clock.millis();
    List<String> refs = new ArrayList<>();
    for (WorkGraphAtom a : atoms) {
      WorkGraphAtomRow existing =
          em.find(WorkGraphAtomRow.class, new WorkGraphAtomRow.Key(orgId, a.ref()));
      if (existing == null) {
        em.persist(new WorkGraphAtomRow(orgId, a, now));
      } else if (!existing.toAtom().equals(a)) {
        throw new WorkGraphAtomConflictException(orgId, a.ref());
      }
      refs.add(a.ref());
    }
    return refs;
  }

  @Transactional
  public Optional<MediationRun> run(String runId) {
    return Optional.ofNullable(em.find(MediationRunRow.class, runId)).map(MediationRunRow::toRun);
  }

  /**
   * Steps 1-9 of §4.4 for a validated request, in one transaction. A run already SEEDED answers its
   * result and writes nothing (idempotent per run id).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public CommissionResult compile(CommissionRequest r, String streamId) {
    partitions.lock(RUN_PARTITION, r.runId());
    long now = clock.millis();
    MediationRunRow row = em.find(MediationRunRow.class, r.runId());
    if (row != null && row.toRun().lifecycle().isSeeded()) {
      return CommissionResult.seeded(row.toRun(), false);
    }
    GraphKey graph = GraphKey.of(r.orgId(), GraphKey.MAIN);

    // 1. The elucidation the commission answers.
    boolean elucidation =
        artifacts
            .findNode(graph, r.eluciationArtifactId())
            .filter(n -> NodeTypes.ELUCIDATION_ARTIFACT.equals(n.type()))
            .isPresent();
    if (!elucidation) {
      throw new CompileFailureException(
          Reason.MISSING_ELUCIATION,
          "no ElucidationArtifact node "
              + r.eluciationArtifactId()
              + " in graph main of org "
              + r.orgId());
    }

    // 2. The atoms, by reference.
    if (r.d1ArtifactRefs().isEmpty()) {
      throw new CompileFailureException(
          Reason.INVALID_WORKGRAPH_NODE, "d1ArtifactRefs names no work-graph atom");
    }
    List<WorkGraphAtom> atoms = new ArrayList<>();
    Set<String> atomIds = new HashSet<>();
    for (String ref : new LinkedHashSet<>(r.d1ArtifactRefs())) {
      WorkGraphAtomRow a =
          em.find(WorkGraphAtomRow.class, new WorkGraphAtomRow.Key(r.orgId(), ref));
      if (a == null) {
        throw new CompileFailureException(
            Reason.INVALID_WORKGRAPH_NODE,
            "work-graph atom " + ref + " is not stored in org " + r.orgId());
      }
      WorkGraphAtom atom = a.toAtom();
      // A v2 directive's atomId must read WG-{workGraphId}-ATOM-{n} (coordination.md §1.5); an
      // atom named otherwise would be seeded only to be quarantined by its executor.
      if (!atom.atomId()
          .matches(Pattern.quote("WG-" + r.workGraphId() + "-ATOM-") + "[1-9][0-9]*")) {
        throw new CompileFailureException(
            Reason.INVALID_WORKGRAPH_NODE,
            "atom "
                + atom.atomId()
                + " of work graph "
                + r.workGraphId()
                + " must be named WG-"
                + r.workGraphId()
                + "-ATOM-{n}");
      }
      if (!atomIds.add(atom.atomId())) {
        throw new CompileFailureException(
            Reason.INVALID_WORKGRAPH_NODE, "atom id " + atom.atomId() + " appears twice");
      }
      atoms.add(atom);
    }

    // 3. Their gears, each resolved once.
    Map<String, GearSpec> gearSpecs = new LinkedHashMap<>();
    for (WorkGraphAtom a : atoms) {
      if (!gearSpecs.containsKey(a.gearId())) {
        Gear gear =
            gears
                .resolve(r.orgId(), a.gearId())
                .orElseThrow(
                    () ->
                        new CompileFailureException(
                            Reason.MISSING_GEAR,
                            "gear:" + a.gearId() + " is not registered in org " + r.orgId()));
        gearSpecs.put(a.gearId(), spec(gear));
      }
    }

    // 4. The coherence probe, against the tool and invariant registries.
    CoherenceProbe.check(atoms, gearSpecs, knownInvariants(graph, atoms));

    // 5. The Specification node of this compile (content-addressed).
    if (row == null) {
      row = new MediationRunRow(r, now);
      em.persist(row);
    } else {
      row.commissioned(r, now);
    }
    Map<String, Object> specification = new LinkedHashMap<>();
    specification.put("title", "Work graph " + r.workGraphId() + " " + r.workGraphVersion());
    specification.put("orgId", r.orgId());
    specification.put("runId", r.runId());
    specification.put("workGraphId", r.workGraphId());
    specification.put("workGraphVersion", r.workGraphVersion());
    specification.put("eluciationArtifactId", r.eluciationArtifactId());
    specification.put("dispositionEventId", r.dispositionEventId());
    specification.put("atomIds", atoms.stream().map(WorkGraphAtom::atomId).toList());
    String specificationId =
        "SPECIFICATION-" + BeadId.hash(CanonicalJson.of(specification)).substring(0, 16);
    artifacts.appendNodeIfAbsent(graph, specificationId, NodeTypes.SPECIFICATION, specification);

    // 6-7. A v2 directive per atom, as a node the Specification specifies and as a row.
    List<BeadSeed> seeds = new ArrayList<>();
    List<String> directiveNodes = new ArrayList<>();
    List<Map<String, Object>> directives = new ArrayList<>();
    for (WorkGraphAtom a : atoms) {
      Map<String, Object> directive = DirectiveCompiler.compile(r, a, gearSpecs.get(a.gearId()));
      String nodeId = "ATOM-DIRECTIVE-" + a.atomId();
      artifacts.appendNodeIfAbsent(graph, nodeId, NodeTypes.ATOM_DIRECTIVE, directive);
      try {
        artifacts.upsertEdge(graph, specificationId, nodeId, SPECIFIES);
      } catch (KspException e) {
        // §4.4 step 6: the edge is a convenience for readers; the compile does not depend on it.
        LOG.log(Level.WARNING, "edge " + specificationId + " -> " + nodeId + " not written", e);
      }
      directiveNodes.add(nodeId);
      directives.add(directive);
      CompiledMoleculeRow.Key key = new CompiledMoleculeRow.Key(r.runId(), a.atomId());
      if (em.find(CompiledMoleculeRow.class, key) == null) {
        em.persist(
            new CompiledMoleculeRow(
                r.runId(), a.atomId(), r.workGraphId(), JsonValues.write(directive), now));
      }
      seeds.add(new BeadSeed(a.atomId(), a.gearId(), a.d1ArtifactRef(), directive, a.dependsOn()));
    }

    // 8-9. Seed the run; the seed's transaction writes the roots' dispatches (Q3).
    try {
      coordination.initAndSeed(
          r.orgId(),
          r.runId(),
          coordination.defaultExecutorForCompiledRuns(),
          false,
          streamId,
          r.moleculeId(),
          seeds);
    } catch (RuntimeException e) {
      throw new CompileFailureException(
          Reason.COORDINATOR_SEED_FAILED, "the coordinator refused the seed: " + e.getMessage());
    }
    row.seeded(specificationId, atoms.size(), now);

    String stream = streamId == null ? r.runId() : streamId;
    // The compiled function: the Specification (compiled from the work graph, specifying the
    // directives), then the coherence verification of it, then each directive.
    List<Map<String, Object>> edges = new ArrayList<>();
    edges.add(Map.of("target", r.workGraphId(), "rel", COMPILES));
    directiveNodes.forEach(n -> edges.add(Map.of("target", n, "rel", SPECIFIES)));
    Map<String, Object> compiled = new LinkedHashMap<>();
    compiled.put("artifactId", specificationId);
    compiled.put("kind", NodeTypes.SPECIFICATION);
    compiled.put("artifactKind", "COMPILED_FUNCTION");
    compiled.put("runId", r.runId());
    compiled.put("workGraphId", r.workGraphId());
    compiled.put("contentHash", "sha256:" + BeadId.hash(CanonicalJson.of(specification)));
    compiled.put("storageRef", specificationId);
    compiled.put("edges", edges);
    outbox.record(event(stream, r, SessionEventKind.ARTIFACT_WRITTEN, compiled, now));
    Map<String, Object> verification = new LinkedHashMap<>();
    verification.put("verificationId", "COHERENCE-" + r.runId());
    verification.put("verificationType", "COHERENCE");
    verification.put("outcome", "PASS");
    verification.put("runId", r.runId());
    verification.put("specificationId", specificationId);
    verification.put("atomCount", atoms.size());
    verification.put("artifactId", specificationId);
    verification.put(
        "notes", "coherence probe passed for " + atoms.size() + " atom(s) of " + r.workGraphId());
    outbox.record(event(stream, r, SessionEventKind.VERIFICATION_PRODUCED, verification, now));
    for (int i = 0; i < directiveNodes.size(); i++) {
      String nodeId = directiveNodes.get(i);
      Map<String, Object> written = new LinkedHashMap<>();
      written.put("artifactId", nodeId);
      written.put("kind", NodeTypes.ATOM_DIRECTIVE);
      written.put("artifactKind", "COMPILED_FUNCTION");
      written.put("runId", r.runId());
      written.put("specificationId", specificationId);
      written.put("contentHash", "sha256:" + BeadId.hash(CanonicalJson.of(directives.get(i))));
      written.put("storageRef", nodeId);
      outbox.record(event(stream, r, SessionEventKind.ARTIFACT_WRITTEN, written, now));
    }
    return CommissionResult.seeded(row.toRun(), true);
  }

  /**
   * A session event of the run. On the run's own stream (a run made directly has no factory
   * session) it is scoped to the work graph, whose assembly its artifacts are written to (edges.md
   * §1.2 assembly_id = workGraphId); a commissioning session's stream has its session's assembly.
   */
  private static DomainEvent event(
      String stream,
      CommissionRequest r,
      SessionEventKind kind,
      Map<String, Object> payload,
      long now) {
    return new DomainEvent(
        stream,
        EventStream.SESSION_EVENTS,
        kind.name(),
        r.runId(),
        stream.equals(r.runId()) ? r.workGraphId() : null,
        payload,
        now,
        false);
  }

  /** Records a failed compile (§3.2 FAILED with reason and details) after its rollback. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void failed(CommissionRequest r, String reason, String details) {
    partitions.lock(RUN_PARTITION, r.runId());
    long now = clock.millis();
    MediationRunRow row = em.find(MediationRunRow.class, r.runId());
    if (row == null) {
      row = new MediationRunRow(r, now);
      em.persist(row);
    } else if (row.toRun().lifecycle().isSeeded()) {
      return;
    } else {
      row.commissioned(r, now);
    }
    row.failed(reason, details, now);
  }

  /** Q11: the run ended; its mediation lifecycle is COMPLETE. */
  @Transactional
  public void complete(String runId) {
    MediationRunRow row = em.find(MediationRunRow.class, runId);
    if (row != null && row.toRun().lifecycle() == MediationLifecycle.SEEDED) {
      row.complete(clock.millis());
    }
  }

  private static GearSpec spec(Gear g) {
    return new GearSpec(
        g.id(),
        g.name(),
        g.role().wireName(),
        g.modelBinding() == null ? null : g.modelBinding().modelId(),
        g.modelBinding() == null ? null : g.modelBinding().thinkingLevel(),
        g.skillRef(),
        g.toolPolicy() == null ? List.of() : g.toolPolicy().permitted());
  }

  /**
   * The org's invariant registry is its {@code Invariant} nodes in graph {@code main}. The probe
   * needs only membership of the atoms' bindings, so the set holds those found, plus one registered
   * id so that a non-empty registry never reads as empty (check (d) is skipped only for an org that
   * registers none).
   */
  private Set<String> knownInvariants(GraphKey graph, List<WorkGraphAtom> atoms) {
    List<ArtifactNode> any =
        artifacts.getNodesByType(graph, NodeTypes.INVARIANT, new PageRequest(1, null)).items();
    if (any.isEmpty()) {
      return Set.of();
    }
    Set<String> known = new HashSet<>();
    known.add(any.get(0).id());
    for (WorkGraphAtom a : atoms) {
      for (String inv : a.invariantIds()) {
        if (artifacts
            .findNode(graph, inv)
            .filter(n -> NodeTypes.INVARIANT.equals(n.type()))
            .isPresent()) {
          known.add(inv);
        }
      }
    }
    return known;
  }
}
