package ai.koales.ksp.domain.bead;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The knowing-state SDK of core.md §4.2, as a domain service over its ports. Each method is one use
 * case; the caller (an application service) gives it its transaction. The order of checks is
 * normative.
 */
public final class KnowingStateSdk {

  private final BeadGraph graph;
  private final SessionRepository sessions;
  private final KnowingStateCache cache;
  private final Clock clock;

  public KnowingStateSdk(
      BeadGraph graph, SessionRepository sessions, KnowingStateCache cache, Clock clock) {
    this.graph = graph;
    this.sessions = sessions;
    this.cache = new FailSafeCache(cache);
    this.clock = clock;
  }

  public KnowingStateSession openSession(String orgId, String roleId, String agentId) {
    CacheKeys.requireRoleId("roleId", roleId);
    KnowingStateSession s = KnowingStateSession.open(orgId, roleId, agentId, clock.millis());
    sessions.save(s);
    return s;
  }

  /**
   * The live session {@code sessionId} of {@code orgId}; unknown, foreign or expired ones are not
   * found.
   */
  public KnowingStateSession session(String orgId, String sessionId) {
    long now = clock.millis();
    KnowingStateSession s =
        sessions
            .find(sessionId)
            .filter(x -> x.orgId().equals(orgId))
            .orElseThrow(() -> new SessionNotFoundException(sessionId));
    if (s.isExpiredAt(now)) {
      throw new SessionNotFoundException(sessionId);
    }
    return s;
  }

  public void closeSession(String orgId, String sessionId) {
    session(orgId, sessionId);
    sessions.delete(sessionId);
  }

  /** A retrieval's result: the knowing state and whether it came from the cache. */
  public record Retrieval(
      KnowingStateSnapshot snapshot, boolean cacheHit, KnowingStateSession session) {
    public KnowingState knowingState() {
      return snapshot.knowingState();
    }
  }

  /**
   * §4.2 retrieveKnowingState. A cache hit still records the retrieval (review P2) and returns the
   * snapshot's own time (Q5). A graph failure degrades the session to SUGGEST, saved in a
   * transaction of its own, and is rethrown as {@link KnowingStateUnavailableException}. Cache
   * failures are misses and never degrade anything (scenario 20). The snapshot is cached for 1 h,
   * or less when a policy or consent window ends sooner (Q6).
   */
  public Retrieval retrieve(String orgId, String sessionId, String category) {
    CacheKeys.requireCategory("category", category);
    KnowingStateSession s = session(orgId, sessionId);
    String key = CacheKeys.knowingState(orgId, s.roleId(), category);
    Optional<Object> cached = cache.get(key);
    if (cached.isPresent() && cached.get() instanceof KnowingStateSnapshot hit) {
      s.recordRetrieval(hit, clock.millis());
      sessions.saveRetrieval(s);
      return new Retrieval(hit, true, s);
    }
    long stamp = cache.stamp(key);
    KnowingStateSnapshot fresh;
    try {
      fresh = KnowingStateSnapshot.read(graph, orgId, s.roleId(), category, clock.millis());
    } catch (RuntimeException graphFailure) {
      s.degrade(clock.millis());
      sessions.saveDegraded(s);
      throw new KnowingStateUnavailableException(sessionId, graphFailure);
    }
    cacheSnapshot(cache, key, fresh, clock.millis(), stamp);
    s.recordRetrieval(fresh, clock.millis());
    sessions.saveRetrieval(s);
    return new Retrieval(fresh, false, s);
  }

  /**
   * Caches {@code snapshot} under {@code key} for the knowing-state TTL, capped at the snapshot's
   * next time boundary; a snapshot whose boundary has come is not cached at all, and neither is one
   * read before an invalidation that came after {@code stamp} (see {@link
   * KnowingStateCache#stamp}).
   */
  public static void cacheSnapshot(
      KnowingStateCache cache, String key, KnowingStateSnapshot snapshot, long now, long stamp) {
    Duration ttl = snapshot.cacheTtl(CacheKeys.KNOWING_STATE_TTL, now);
    if (!ttl.isZero()) {
      cache.putIfUnchanged(key, snapshot, ttl, stamp);
    }
  }

  /**
   * §4.2 evaluateTrust: from the subject's trust head; the head's id is cached until a trust write.
   * The autonomy is what the head's score earns (the thresholds of §4.2), not capped by the
   * session's floor: the floor is enforced where it binds, on the execution write (Q4).
   */
  public TrustEvaluation evaluateTrust(String orgId, String sessionId, String subjectId) {
    KnowingStateSession s = session(orgId, sessionId);
    String key = CacheKeys.trustHead(orgId, subjectId);
    Optional<Bead> head =
        cache
            .get(key)
            .filter(String.class::isInstance)
            .map(String.class::cast)
            .flatMap(id -> graph.find(orgId, id));
    if (head.isEmpty()) {
      long stamp = cache.stamp(key);
      head = graph.currentTrust(orgId, subjectId);
      head.ifPresent(h -> cache.putIfUnchanged(key, h.id().value(), CacheKeys.HEAD_TTL, stamp));
    }
    touch(s);
    return TrustEvaluation.of(head.orElse(null));
  }

  /** A bead written through a session, with its audit bead. */
  public record Written(String beadId, String auditBeadId, boolean created) {
    static Written of(BeadGraph.WriteResult r) {
      return new Written(r.beadId().value(), r.auditBeadId().value(), r.created());
    }
  }

  /**
   * §4.2 writeExecutionBead: session, then retrieval (INV-BG-003), then the floor (INV-BG-008),
   * then the content; the bead has no parents and is audited as CREATE by the session's agent. The
   * requested level is read from the content only after the retrieval check, so a session that has
   * not retrieved is refused as such whatever it sends.
   */
  public Written writeExecution(String orgId, String sessionId, Map<String, Object> content) {
    KnowingStateSession s = session(orgId, sessionId);
    s.requireRetrieval();
    AutonomyLevel requested =
        AutonomyLevel.parse(content == null ? null : content.get("autonomy_level"))
            .orElseThrow(
                () ->
                    new BeadValidationException(
                        "content.autonomy_level",
                        "must be one of [EXECUTE_BOUNDED, EXECUTE_FULL, PROPOSE, SUGGEST]"));
    s.authorizeExecution(requested);
    long now = clock.millis();
    Bead execution = Bead.create(orgId, BeadType.EXECUTION, content, List.of(), s.agentId(), now);
    Bead audit = execution.audit(AuditAction.CREATE, s.agentId(), s.sessionId(), now);
    BeadGraph.WriteResult r = graph.write(BeadWrite.of(execution, audit));
    s.touch(now);
    sessions.save(s);
    return Written.of(r);
  }

  /**
   * An outcome bead and, when it triggered one, the amendment proposed from it; {@code created} is
   * false when the outcome already existed (an idempotent repeat).
   */
  public record OutcomeWritten(
      String beadId, String auditBeadId, String amendmentBeadId, boolean created) {}

  /**
   * §4.2 writeOutcomeBead: only the session is checked (no I2/I4). The outcome's parent is the
   * execution. When it triggers an amendment (Q11), a PENDING amendment targeting the execution's
   * trust bead is written one millisecond later with its own audit; without a trust bead to target,
   * none is proposed.
   */
  public OutcomeWritten writeOutcome(
      String orgId, String sessionId, String executionBeadId, Map<String, Object> content) {
    KnowingStateSession s = session(orgId, sessionId);
    Map<String, Object> c = new LinkedHashMap<>(content == null ? Map.of() : content);
    Object given = c.putIfAbsent("execution_bead_id", executionBeadId);
    if (given != null && !given.equals(executionBeadId)) {
      throw new BeadValidationException(
          "content.execution_bead_id", "must equal executionBeadId " + executionBeadId);
    }
    long now = clock.millis();
    Bead outcome =
        Bead.create(orgId, BeadType.OUTCOME, c, List.of(executionBeadId), s.agentId(), now);
    BeadGraph.WriteResult written =
        graph.write(
            BeadWrite.of(
                outcome, outcome.audit(AuditAction.CREATE, s.agentId(), s.sessionId(), now)));

    String amendmentId = null;
    if (outcome.flag("triggers_amendment")) {
      Optional<Bead> trustTarget =
          graph
              .find(orgId, executionBeadId)
              .map(e -> e.text("trust_bead_id"))
              .filter(BeadId::isWellFormed)
              .flatMap(id -> graph.find(orgId, id))
              .filter(t -> t.type() == BeadType.TRUST);
      if (trustTarget.isPresent()) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("target_bead_id", trustTarget.get().id().value());
        a.put("target_type", "trust");
        a.put("proposed_change", Map.of());
        a.put("rationale", "Auto-generated from outcome bead " + outcome.id());
        a.put("triggered_by", outcome.id().value());
        a.put("status", "PENDING");
        Bead amendment =
            Bead.create(
                orgId, BeadType.AMENDMENT, a, List.of(outcome.id().value()), s.agentId(), now + 1);
        amendmentId =
            graph
                .write(
                    BeadWrite.of(
                        amendment,
                        amendment.audit(AuditAction.CREATE, s.agentId(), s.sessionId(), now + 1)))
                .beadId()
                .value();
      }
    }
    s.touch(now);
    sessions.save(s);
    return new OutcomeWritten(
        written.beadId().value(), written.auditBeadId().value(), amendmentId, written.created());
  }

  /** §4.2 checkConsent: whether the role's active consent grants {@code action} (none: false). */
  public boolean checkConsent(String orgId, String sessionId, String action) {
    KnowingStateSession s = session(orgId, sessionId);
    String key = CacheKeys.consent(orgId, s.roleId());
    Optional<Object> cached = cache.get(key);
    List<?> grants;
    if (cached.isPresent() && cached.get() instanceof List<?> g) {
      grants = g;
    } else {
      long stamp = cache.stamp(key);
      Optional<Bead> consent =
          KnowingStateSnapshot.activeConsent(
              graph.consentCandidates(orgId, s.roleId()), clock.millis());
      grants =
          consent
              .map(c -> (Object) c.content().get("grants"))
              .filter(List.class::isInstance)
              .map(List.class::cast)
              .orElse(List.of());
      // A consent can expire by time alone, so its cache entry must not outlive the expiry.
      Duration ttl = CacheKeys.CONSENT_TTL;
      Optional<Instant> until =
          consent.flatMap(c -> BeadSchema.instant(c.content().get("expires_at")));
      if (until.isPresent()) {
        long left = until.get().toEpochMilli() - clock.millis();
        ttl = Duration.ofMillis(Math.max(0, Math.min(left, ttl.toMillis())));
      }
      if (!ttl.isZero()) {
        cache.putIfUnchanged(key, List.copyOf(grants), ttl, stamp);
      }
    }
    touch(s);
    return grants.contains(action);
  }

  /** Any use of a session is activity: its 24-hour expiry starts again. */
  private void touch(KnowingStateSession s) {
    s.touch(clock.millis());
    sessions.save(s);
  }
}
