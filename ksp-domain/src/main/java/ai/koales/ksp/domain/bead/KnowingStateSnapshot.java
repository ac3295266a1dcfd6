package ai.koales.ksp.domain.bead;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an org knows for a role at one moment (core.md §4.1 retrieveKnowingState), with the beads
 * behind it. {@link #knowingState()} is the public shape (bead ids dropped, §1.4); the loop-closure
 * BP1 also needs the ids of the policy and the first trusted subject.
 */
public record KnowingStateSnapshot(
    Bead policy, List<Bead> trustedSubjects, Bead consent, long retrievedAt) {

  public KnowingStateSnapshot {
    trustedSubjects = List.copyOf(trustedSubjects);
  }

  /** Trust order of the knowing state: score descending, then newest, then id. */
  public static final Comparator<Bead> TRUST_ORDER =
      Comparator.comparing(
              (Bead b) -> b.number("trust_score"), Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(Bead::ts, Comparator.reverseOrder())
          .thenComparing(b -> b.id().value());

  /**
   * Reads the snapshot for ({@code org}, {@code role}, {@code category}): the newest policy in
   * force for the role or the whole org (Q6: newest wins, not-yet-effective and expired policies
   * skipped); the APPROVED trust heads, of {@code subject_type = category} if given, best first;
   * the role's active consent.
   */
  public static KnowingStateSnapshot read(
      BeadGraph graph, String orgId, String roleId, String category, long now) {
    Bead policy =
        graph.policyCandidates(orgId, List.of(roleId, "org")).stream()
            .filter(p -> inForce(p, now))
            .findFirst()
            .orElse(null);
    List<Bead> trusted =
        graph.trustHeads(orgId, category).stream()
            .filter(t -> "APPROVED".equals(t.text("status")))
            .sorted(TRUST_ORDER)
            .toList();
    Bead consent = activeConsent(graph.consentCandidates(orgId, roleId), now).orElse(null);
    return new KnowingStateSnapshot(policy, trusted, consent, now);
  }

  /** A policy is in force from {@code effective_at} until {@code expires_at} (exclusive). */
  static boolean inForce(Bead policy, long now) {
    Optional<java.time.Instant> from = BeadSchema.instant(policy.content().get("effective_at"));
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
