package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.AuditAction;
import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadGraph;
import ai.koales.ksp.domain.bead.BeadId;
import ai.koales.ksp.domain.bead.BeadNotFoundException;
import ai.koales.ksp.domain.bead.BeadSchema;
import ai.koales.ksp.domain.bead.BeadType;
import ai.koales.ksp.domain.bead.BeadTypeNotWritableException;
import ai.koales.ksp.domain.bead.BeadValidationException;
import ai.koales.ksp.domain.bead.BeadWrite;
import ai.koales.ksp.domain.bead.CacheKeys;
import ai.koales.ksp.domain.bead.CanonicalJson;
import ai.koales.ksp.domain.bead.FailSafeCache;
import ai.koales.ksp.domain.bead.KnowingStateCache;
import ai.koales.ksp.domain.bead.KnowingStateSdk;
import ai.koales.ksp.domain.bead.KnowingStateSnapshot;
import ai.koales.ksp.domain.bead.NoActiveConsentException;
import ai.koales.ksp.domain.bead.NoTrustHeadException;
import ai.koales.ksp.domain.bead.PayloadTooLargeException;
import ai.koales.ksp.domain.shared.FieldViolation;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bead graph's application service: governance writes (policy, trust, consent, escalation,
 * amendment), reads, and the integrity check. One public method is one use case and one
 * transaction.
 */
@ApplicationScoped
public class BeadGraphService {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject JpaBeadGraph graph;
  @Inject ParsedBeads parsed;
  @Inject BeadIntegrityCheck integrity;
  @Inject KnowingStateCache cache;
  @Inject Clock clock;
  @Resource TransactionSynchronizationRegistry transactions;

  /** What a write returns (api.md: {beadId, auditBeadId, created}). */
  public record Recorded(String beadId, String auditBeadId, boolean created) {}

  /**
   * Records a governance bead written by {@code actor}: validates the type (executions and outcomes
   * go through sessions, audits are never written by clients), the content, the size and the given
   * id before anything is stored; a {@code supersedes} bead becomes a parent and gets a {@code
   * supersedes} edge.
   *
   * <p>Called outside a transaction (as the API does), the write commits in a local transaction of
   * its own ({@link JpaBeadGraph#writeAlone}); inside one, it joins it.
   */
  public Recorded recordGovernanceBead(
      String orgId,
      String type,
      Map<String, Object> content,
      List<String> parentIds,
      String claimedBeadId,
      String supersedes,
      String actor) {
    BeadType beadType =
        BeadType.fromWireName(type)
            .orElseThrow(
                () ->
                    new BeadValidationException(
                        "type", "must be one of policy, trust, consent, escalation, amendment"));
    if (!beadType.isGovernance()) {
      throw new BeadTypeNotWritableException(
          beadType == BeadType.AUDIT
              ? "audit beads are written by the server, never by clients"
              : beadType.wireName()
                  + " beads are written through a knowing-state session (POST /orgs/{org}/sessions/{id}/"
                  + (beadType == BeadType.EXECUTION ? "executions)" : "outcomes)"));
    }
    Set<String> parents = new LinkedHashSet<>(parentIds == null ? List.of() : parentIds);
    if (supersedes != null) {
      if (!BeadId.isWellFormed(supersedes)) {
        throw new BeadValidationException(
            "supersedes", "must be a bead id (64 lower-case hex characters)");
      }
      parents.add(supersedes);
    }
    long now = clock.millis();
    Bead bead = Bead.create(orgId, beadType, content, List.copyOf(parents), actor, now);
    bead.verifyClaimedId(claimedBeadId);
    Bead audit =
        bead.audit(AuditAction.describing(bead, supersedes != null), actor, "api:" + actor, now);
    BeadWrite write =
        new BeadWrite(bead, audit, supersedes == null ? null : new BeadId(supersedes));
    BeadGraph.WriteResult r =
        transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION
            ? graph.writeAlone(write)
            : graph.write(write);
    return new Recorded(r.beadId().value(), r.auditBeadId().value(), r.created());
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Bead bead(String orgId, String beadId) {
    return graph.find(orgId, beadId).orElseThrow(() -> new BeadNotFoundException(orgId, beadId));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Bead currentTrust(String orgId, String subjectId) {
    return graph
        .currentTrust(orgId, subjectId)
        .orElseThrow(() -> new NoTrustHeadException(orgId, subjectId));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Bead> trustLineage(String orgId, String subjectId) {
    return graph.trustLineage(orgId, subjectId);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Bead activeConsent(String orgId, String roleId) {
    return KnowingStateSnapshot.activeConsent(
            graph.consentCandidates(orgId, roleId), clock.millis())
        .orElseThrow(() -> new NoActiveConsentException(orgId, roleId));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Bead> openAmendments(String orgId) {
    return graph.openAmendments(orgId);
  }

  /**
   * The knowing state of ({@code org}, {@code role}, {@code category}) as a viewer sees it, through
   * the same cache entry sessions use.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public KnowingStateSnapshot knowingState(String orgId, String roleId, String category) {
    KnowingStateCache safe = new FailSafeCache(cache);
    String key = CacheKeys.knowingState(orgId, roleId, category);
    Optional<Object> hit = safe.get(key);
    if (hit.isPresent() && hit.get() instanceof KnowingStateSnapshot s) {
      return s;
    }
    long now = clock.millis();
    long stamp = safe.stamp(key);
    KnowingStateSnapshot fresh = KnowingStateSnapshot.read(graph, orgId, roleId, category, now);
    KnowingStateSdk.cacheSnapshot(safe, key, fresh, now, stamp);
    return fresh;
  }

  /** One page of a bead listing; {@code nextCursor} is null on the last page. */
  public record Page(List<Bead> items, String nextCursor) {}

  /** Beads of the org, newest first, optionally by type, subject and status. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page list(
      String orgId, String type, String subjectId, String status, String cursor, int limit) {
    StringBuilder jpql = new StringBuilder("SELECT b FROM BeadRow b WHERE b.orgId = :org");
    Map<String, Object> params = new HashMap<>();
    params.put("org", orgId);
    if (type != null) {
      if (BeadType.fromWireName(type).isEmpty()) {
        throw new ai.koales.ksp.domain.shared.InvalidInputException(
            "invalid-request",
            "type",
            "must be a bead type (policy, trust, consent, execution, outcome, amendment, escalation, audit)");
      }
      jpql.append(" AND b.beadType = :type");
      params.put("type", type);
    }
    if (subjectId != null) {
      jpql.append(" AND b.subjectId = :subject");
      params.put("subject", subjectId);
    }
    if (status != null) {
      jpql.append(" AND b.status = :status");
      params.put("status", status);
    }
    if (cursor != null) {
      Cursor c = Cursor.decode(cursor);
      jpql.append(" AND (b.ts < :cts OR (b.ts = :cts AND b.beadId > :cid))");
      params.put("cts", c.ts());
      params.put("cid", c.beadId());
    }
    jpql.append(" ORDER BY b.ts DESC, b.beadId");
    TypedQuery<BeadRow> q =
        em.createQuery(jpql.toString(), BeadRow.class)
            .setMaxResults(limit + 1)
            .setHint(JpaBeadGraph.READ_ONLY, "true");
    params.forEach(q::setParameter);
    List<BeadRow> rows = q.getResultList();
    List<Bead> items = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      items.add(parsed.of(rows.get(i)));
    }
    String next =
        rows.size() > limit
            ? new Cursor(rows.get(limit - 1).ts(), rows.get(limit - 1).beadId()).encode()
            : null;
    return new Page(items, next);
  }

  /** A listing position: after the bead ({@code ts}, {@code beadId}) in newest-first order. */
  record Cursor(long ts, String beadId) {
    String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((ts + ":" + beadId).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String s) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8).split(":", 2);
        return new Cursor(Long.parseLong(parts[0]), parts[1]);
      } catch (RuntimeException e) {
        throw new ai.koales.ksp.domain.shared.InvalidInputException(
            "invalid-cursor", "cursor", "is not a cursor this server issued");
      }
    }
  }

  /**
   * INV-BG-002 and the write path's other promises, checked on what is stored: see {@link
   * BeadIntegrityCheck}. Any change made to a stored row or edge behind the server's back shows up
   * here, naming the bead and the kind of mismatch.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public BeadIntegrityCheck.Report verify(String orgId) {
    return integrity.run(orgId);
  }

  /**
   * The id and canonical JSON any content would get (POST /bead-ids): no schema check, no write.
   */
  public record ComputedId(String beadId, String canonicalJson) {}

  public ComputedId computeId(String type, Map<String, Object> content, List<String> parentIds) {
    List<String> parents = parentIds == null ? List.of() : parentIds;
    List<FieldViolation> violations = BeadSchema.hashable(type, content, parents);
    if (!violations.isEmpty()) {
      throw new BeadValidationException(violations);
    }
    String canonical = CanonicalJson.of(content);
    int size = canonical.getBytes(StandardCharsets.UTF_8).length;
    if (size > Bead.MAX_CONTENT_BYTES) {
      throw new PayloadTooLargeException(size, Bead.MAX_CONTENT_BYTES);
    }
    return new ComputedId(BeadId.hash(BeadId.hashInput(type, canonical, parents)), canonical);
  }
}
