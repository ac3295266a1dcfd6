package ai.koales.ksp.domain.bead;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A bead graph in memory with the semantics of the JPA one (insert-if-absent, parents must exist,
 * supersede checks, invalidation after each write), counting the reads it serves so tests can prove
 * a cache hit did not touch the graph, and able to fail on demand.
 */
final class InMemoryBeadGraph implements BeadGraph {

  record Edge(String org, String child, String parent, String rel) {}

  final Map<String, Bead> beads = new LinkedHashMap<>();
  final List<Edge> edges = new ArrayList<>();
  final KnowingStateCache cache;
  int reads;
  Predicate<String> failTrustReadsForCategory = c -> false;

  InMemoryBeadGraph(KnowingStateCache cache) {
    this.cache = cache;
  }

  private static String key(String org, String id) {
    return org + "/" + id;
  }

  @Override
  public WriteResult write(BeadWrite w) {
    Bead b = w.bead();
    if (beads.containsKey(key(b.orgId(), b.id().value()))) {
      return new WriteResult(
          b.id(), new BeadId(auditOf(b.orgId(), b.id().value()).orElseThrow()), false);
    }
    for (String p : b.parentIds()) {
      if (!beads.containsKey(key(b.orgId(), p))) {
        throw new UnknownParentException(b.orgId(), p);
      }
    }
    if (w.supersedes() != null) {
      Bead old = find(b.orgId(), w.supersedes().value()).orElseThrow();
      w.checkSupersedable(old);
      edges.stream()
          .filter(
              e ->
                  e.org().equals(b.orgId())
                      && e.parent().equals(old.id().value())
                      && e.rel().equals("supersedes"))
          .findFirst()
          .ifPresent(
              e -> {
                throw new AlreadySupersededException(old.id().value(), e.child());
              });
    }
    w.revokes().ifPresent(id -> w.checkRevocable(find(b.orgId(), id)));
    beads.put(key(b.orgId(), b.id().value()), b);
    b.parentIds().forEach(p -> edges.add(new Edge(b.orgId(), b.id().value(), p, "parent")));
    if (w.supersedes() != null) {
      edges.add(new Edge(b.orgId(), b.id().value(), w.supersedes().value(), "supersedes"));
    }
    if (w.audit() != null) {
      beads.put(key(b.orgId(), w.audit().id().value()), w.audit());
      edges.add(new Edge(b.orgId(), w.audit().id().value(), b.id().value(), "audits"));
    }
    CacheKeys.after(b).applyTo(cache);
    return new WriteResult(b.id(), w.audit() == null ? b.id() : w.audit().id(), true);
  }

  /** A trust bead superseding {@code old} without going through a session (test set-up). */
  void supersede(Bead newer, Bead old) {
    write(
        new BeadWrite(
            newer, newer.audit(AuditAction.SUPERSEDE, "op", "test", newer.ts()), old.id()));
  }

  void add(Bead b) {
    write(BeadWrite.of(b, b.audit(AuditAction.CREATE, "op", "test", b.ts())));
  }

  long count(BeadType type) {
    return beads.values().stream().filter(b -> b.type() == type).count();
  }

  @Override
  public Optional<Bead> find(String orgId, String beadId) {
    reads++;
    return Optional.ofNullable(beads.get(key(orgId, beadId)));
  }

  @Override
  public Optional<String> auditOf(String orgId, String beadId) {
    return edges.stream()
        .filter(e -> e.org().equals(orgId) && e.parent().equals(beadId) && e.rel().equals("audits"))
        .map(Edge::child)
        .findFirst();
  }

  @Override
  public Optional<String> supersededBy(String orgId, String beadId) {
    return edges.stream()
        .filter(
            e -> e.org().equals(orgId) && e.parent().equals(beadId) && e.rel().equals("supersedes"))
        .map(Edge::child)
        .findFirst();
  }

  private boolean superseded(Bead b) {
    return edges.stream()
        .anyMatch(
            e ->
                e.org().equals(b.orgId())
                    && e.parent().equals(b.id().value())
                    && e.rel().equals("supersedes"));
  }

  private List<Bead> of(String org, BeadType type) {
    return beads.values().stream().filter(b -> b.orgId().equals(org) && b.type() == type).toList();
  }

  private static final Comparator<Bead> NEWEST_FIRST =
      Comparator.comparing(Bead::ts).reversed().thenComparing(b -> b.id().value());

  @Override
  public Optional<Bead> currentTrust(String orgId, String subjectId) {
    reads++;
    return of(orgId, BeadType.TRUST).stream()
        .filter(b -> subjectId.equals(b.text("subject_id")) && !superseded(b))
        .sorted(NEWEST_FIRST)
        .findFirst();
  }

  @Override
  public List<Bead> trustHeads(String orgId, String subjectType) {
    reads++;
    if (failTrustReadsForCategory.test(subjectType)) {
      throw new IllegalStateException("graph unavailable for category " + subjectType);
    }
    Map<String, Bead> heads = new LinkedHashMap<>();
    of(orgId, BeadType.TRUST).stream()
        .filter(b -> !superseded(b))
        .sorted(NEWEST_FIRST)
        .forEach(b -> heads.putIfAbsent(b.text("subject_id"), b));
    return heads.values().stream()
        .filter(b -> subjectType == null || subjectType.equals(b.text("subject_type")))
        .toList();
  }

  @Override
  public List<Bead> policyCandidates(String orgId, Collection<String> scopes) {
    reads++;
    return of(orgId, BeadType.POLICY).stream()
        .filter(b -> scopes.contains(b.text("scope")) && !superseded(b))
        .sorted(NEWEST_FIRST)
        .toList();
  }

  @Override
  public List<Bead> consentCandidates(String orgId, String roleId) {
    reads++;
    List<Bead> consents = of(orgId, BeadType.CONSENT);
    return consents.stream()
        .filter(b -> roleId.equals(b.text("role_id")) && !superseded(b))
        .filter(b -> consents.stream().noneMatch(r -> b.id().value().equals(r.text("revokes"))))
        .sorted(NEWEST_FIRST)
        .toList();
  }

  @Override
  public List<Bead> openAmendments(String orgId) {
    reads++;
    return of(orgId, BeadType.AMENDMENT).stream()
        .filter(b -> "PENDING".equals(b.text("status")) && !superseded(b))
        .sorted(NEWEST_FIRST)
        .toList();
  }

  @Override
  public List<Bead> childrenOf(String orgId, Collection<String> parentIds, BeadType type) {
    reads++;
    return of(orgId, type).stream()
        .filter(b -> b.parentIds().stream().anyMatch(parentIds::contains))
        .sorted(java.util.Comparator.comparingLong(Bead::ts).thenComparing(b -> b.id().value()))
        .toList();
  }

  @Override
  public List<Bead> trustLineage(String orgId, String subjectId) {
    List<String> trustIds =
        of(orgId, BeadType.TRUST).stream()
            .filter(b -> subjectId.equals(b.text("subject_id")))
            .map(b -> b.id().value())
            .toList();
    return beads.values().stream()
        .filter(b -> b.orgId().equals(orgId))
        .filter(
            b ->
                (b.type() == BeadType.TRUST && trustIds.contains(b.id().value()))
                    || (b.type() == BeadType.AMENDMENT
                        && trustIds.contains(b.text("target_bead_id"))))
        .sorted(Comparator.comparing(Bead::ts).thenComparing(b -> b.id().value()))
        .toList();
  }
}
