package ai.koales.ksp.domain.bead;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an org knows for a role at one moment (core.md §4.1 retrieveKnowingState), with the beads
 * behind it. {@link #knowingState()} is the public shape (bead ids dropped, §1.4); the loop-closure
 * BP1 also needs the ids of the policy and the first trusted subject.
 *
 * <p>{@code validUntil} is the first instant after {@code retrievedAt} at which time alone changes
 * the answer (a candidate policy's {@code effective_at} or {@code expires_at}, the deciding
 * consent's {@code expires_at}; Q6), {@link Long#MAX_VALUE} when none does. A cached snapshot must
 * not outlive it ({@link #cacheTtl}).
 */
public record KnowingStateSnapshot(
    Bead policy, List<Bead> trustedSubjects, Bead consent, long retrievedAt, long validUntil) {

  public KnowingStateSnapshot {
    trustedSubjects = List.copyOf(trustedSubjects);
  }

  /** A snapshot that no time boundary ends. */
  public KnowingStateSnapshot(
      Bead policy, List<Bead> trustedSubjects, Bead consent, long retrievedAt) {
    this(policy, trustedSubjects, consent, retrievedAt, Long.MAX_VALUE);
  }

  /**
   * The APPROVED beads of {@code heads} in the knowing state's trust order: score descending, then
   * newest, then id. Each score is read once: a score is a JSON number whose conversion to double
   * is not free, and a comparator on beads would convert both sides on every comparison (n log n of
   * them for an org's trusted subjects).
   */
  static List<Bead> byTrust(List<Bead> heads) {
    record Scored(Bead bead, Double score) {}
    return heads.stream()
        .filter(t -> "APPROVED".equals(t.text("status")))
        .map(t -> new Scored(t, t.number("trust_score")))
        .sorted(
            Comparator.comparing(Scored::score, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(sc -> sc.bead().ts(), Comparator.reverseOrder())
                .thenComparing(sc -> sc.bead().id().value()))
        .map(Scored::bead)
        .toList();
  }

  /**
   * Reads the snapshot for ({@code org}, {@code role}, {@code category}): the newest policy in
   * force for the role or the whole org (Q6: newest wins, not-yet-effective and expired policies
   * skipped); the APPROVED trust heads, of {@code subject_type = category} if given, best first;
   * the role's active consent.
   */
  public static KnowingStateSnapshot read(
      BeadGraph graph, String orgId, String roleId, String category, long now) {
    List<Bead> policies = graph.policyCandidates(orgId, List.of(roleId, "org"));
    Bead policy = policies.stream().filter(p -> inForce(p, now)).findFirst().orElse(null);
    List<Bead> trusted = byTrust(graph.trustHeads(orgId, category));
    List<Bead> consents = graph.consentCandidates(orgId, roleId);
    Bead consent = activeConsent(consents, now).orElse(null);
    long validUntil = Long.MAX_VALUE;
    // Any candidate policy that starts or ends later may change which policy is in force.
    for (Bead p : policies) {
      validUntil = Math.min(validUntil, after(p.content().get("effective_at"), now));
      validUntil = Math.min(validUntil, after(p.content().get("expires_at"), now));
    }
    // Only the newest consent decides (see activeConsent), so only its expiry matters.
    if (!consents.isEmpty()) {
      validUntil = Math.min(validUntil, after(consents.get(0).content().get("expires_at"), now));
    }
    return new KnowingStateSnapshot(policy, trusted, consent, now, validUntil);
  }

  /** The instant {@code value} names when it is after {@code now}, else {@link Long#MAX_VALUE}. */
  private static long after(Object value, long now) {
    return BeadSchema.instant(value)
        .map(Instant::toEpochMilli)
        .filter(t -> t > now)
        .orElse(Long.MAX_VALUE);
  }

  /**
   * How long this snapshot may stay in the cache from {@code now}: {@code max}, but never past
   * {@link #validUntil} (a policy that takes effect or expires, a consent that expires). Zero when
   * that moment has come: the snapshot must not be cached at all.
   */
  public Duration cacheTtl(Duration max, long now) {
    if (validUntil == Long.MAX_VALUE) {
      return max;
    }
    long left = validUntil - now;
    return left <= 0 ? Duration.ZERO : Duration.ofMillis(Math.min(left, max.toMillis()));
  }

  /** A policy is in force from {@code effective_at} until {@code expires_at} (exclusive). */
  static boolean inForce(Bead policy, long now) {
    Optional<Instant> from = BeadSchema.instant(policy.content().get("effective_at"));
    if (from.isEmpty() || from.get().toEpochMilli() > now) {
      return false;
    }
    Object until = policy.content().get("expires_at");
    return until == null || BeadSchema.instant(until).map(u -> u.toEpochMilli() > now).orElse(true);
  }

  /**
   * The role's consent: the newest consent bead not superseded or revoked decides; it is active
   * when its status is ACTIVE and it has not expired.
   */
  public static Optional<Bead> activeConsent(List<Bead> newestFirst, long now) {
    if (newestFirst.isEmpty()) {
      return Optional.empty();
    }
    Bead newest = newestFirst.get(0);
    if (!"ACTIVE".equals(newest.text("status"))) {
      return Optional.empty();
    }
    Object until = newest.content().get("expires_at");
    if (until != null
        && BeadSchema.instant(until).map(u -> u.toEpochMilli() <= now).orElse(false)) {
      return Optional.empty();
    }
    return Optional.of(newest);
  }

  public Optional<AutonomyLevel> policyAutonomy() {
    return policy == null
        ? Optional.empty()
        : AutonomyLevel.parse(policy.content().get("autonomy"));
  }

  public List<String> grants() {
    if (consent == null) {
      return List.of();
    }
    Object g = consent.content().get("grants");
    return g instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  /**
   * The public knowing state of §1.4: {policy content|null, trustedSubjects content[], consent
   * {grants}|null}.
   */
  public KnowingState knowingState() {
    Map<String, Object> consentView = null;
    if (consent != null) {
      consentView = new LinkedHashMap<>();
      consentView.put("grants", grants());
    }
    return new KnowingState(
        policy == null ? null : policy.content(),
        trustedSubjects.stream().map(Bead::content).toList(),
        consentView,
        retrievedAt);
  }
}
