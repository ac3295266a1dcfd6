package ai.koales.ksp.domain.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadType;
import ai.koales.ksp.domain.shared.FieldViolation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The factory injectables of core.md §4.5 (scenarios 35, 36) and BP5's bead contents. */
class LoopInjectablesTest {

  @Test
  void scenario35_firingsAndAnExhaustedFailureAreDivergences() {
    Map<String, Object> trace = new LinkedHashMap<>();
    trace.put("atom_id", "atom-42");
    trace.put("outcome", "failure");
    trace.put("attempts_exhausted", true);
    trace.put(
        "detector_firings",
        List.of(Map.of("inv_id", "INV-001", "severity", "warning", "message", "m")));
    List<DetectedDivergence> found =
        new FactoryDivergenceDetector().detect(Optional.of(TraceFacts.fromNodeData(trace)));
    assertThat(found).hasSize(2);
    assertThat(found.get(0)).isEqualTo(new DetectedDivergence("INV-001", "m", Severity.MEDIUM));
    assertThat(found.get(1).claimId()).isEqualTo("claim-atom-outcome-atom-42");
    assertThat(found.get(1).severity()).isEqualTo(Severity.HIGH);
    assertThat(new FactoryDivergenceDetector().detect(Optional.empty())).isEmpty();
  }

  @Test
  void timeoutsCriticalsAndUnexhaustedFailures() {
    Map<String, Object> trace = new LinkedHashMap<>();
    trace.put("atom_id", "a1");
    trace.put("outcome", "timeout");
    trace.put("attempts_exhausted", true);
    trace.put(
        "detector_firings",
        List.of(
            Map.of("invId", "INV-9", "severity", "critical", "message", "x"),
            Map.of("inv_id", "INV-8", "severity", "info", "message", "y")));
    List<DetectedDivergence> found =
        new FactoryDivergenceDetector().detect(Optional.of(TraceFacts.fromNodeData(trace)));
    assertThat(found)
        .extracting(DetectedDivergence::claimId, DetectedDivergence::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("INV-9", Severity.CRITICAL),
            org.assertj.core.groups.Tuple.tuple("INV-8", Severity.LOW),
            org.assertj.core.groups.Tuple.tuple("claim-atom-timeout-a1", Severity.HIGH));
    trace.put("attempts_exhausted", false);
    trace.put("detector_firings", List.of());
    assertThat(new FactoryDivergenceDetector().detect(Optional.of(TraceFacts.fromNodeData(trace))))
        .isEmpty();
  }

  static final class CountingPattern implements PatternCheck {
    final double value;
    final AtomicInteger calls = new AtomicInteger();

    CountingPattern(double value) {
      this.value = value;
    }

    @Override
    public double pattern(String amendmentId, Map<String, Object> change) {
      calls.incrementAndGet();
      return value;
    }
  }

  static VerificationResult verify(double coherence, PatternCheck pattern) {
    return new FactoryAmendmentVerifier((a, c, claims) -> coherence, Optional.ofNullable(pattern))
        .verify("amendment-1", Map.of("trust_score", 0.5), List.of());
  }

  @Test
  void scenario36_theVerifierRule() {
    VerificationResult low = verify(0.60, null);
    assertThat(low.passed()).isFalse();
    assertThat(low.gate()).isEqualTo("compile");

    VerificationResult withPattern = verify(0.80, new CountingPattern(0.60));
    assertThat(withPattern.passed()).isTrue();
    assertThat(withPattern.score()).isCloseTo(0.70, org.assertj.core.data.Offset.offset(1e-9));

    assertThat(verify(0.80, new CountingPattern(0.40)).passed()).isFalse();

    CountingPattern architect = new CountingPattern(1.0);
    verify(0.68, architect);
    assertThat(architect.calls).as("the architect is not asked below 0.7").hasValue(0);

    VerificationResult byDefault =
        new FactoryAmendmentVerifier(new StructuralCoherenceScorer(), Optional.empty())
            .verify("amendment-1", Map.of("trust_score", 0.5), List.of());
    assertThat(byDefault.passed()).isTrue();
    assertThat(byDefault.score()).isCloseTo(0.65, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void theDefaultScorerRejectsChangesThatCannotBeCoherent() {
    StructuralCoherenceScorer s = new StructuralCoherenceScorer();
    assertThat(s.coherence("a", Map.of(), List.of())).isZero();
    assertThat(s.coherence("a", Map.of("subject_id", "someone-else"), List.of())).isZero();
    assertThat(s.coherence("a", Map.of("trust_score", 1.5), List.of())).isZero();
    assertThat(s.coherence("a", Map.of("autonomy", "GODMODE"), List.of())).isZero();
    assertThat(s.coherence("a", Map.of("autonomy", "PROPOSE"), List.of())).isEqualTo(0.8);
  }

  static Bead trust(double score) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("subject_id", "vendor-1");
    c.put("subject_type", "vendor");
    c.put("status", "APPROVED");
    c.put("trust_score", score);
    c.put("rationale", "r");
    c.put("evidence_refs", List.of());
    return Bead.create("org-1", BeadType.TRUST, c, List.of(), "op", 1);
  }

  static Bead policy(String autonomy) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("scope", "org");
    c.put("rules", Map.of());
    c.put("autonomy", autonomy);
    c.put("effective_at", "2026-06-10T00:00:00Z");
    return Bead.create("org-1", BeadType.POLICY, c, List.of(), "op", 1);
  }

  static HypothesisBuilder.Request request(
      Optional<Bead> named, Optional<Bead> trust, Optional<Bead> policy, Severity severity) {
    return new HypothesisBuilder.Request(
        "divergence-1",
        new DetectedDivergence("INV-1", "broke", severity),
        "FAILURE",
        named,
        trust,
        policy);
  }

  @Test
  void theBuilderTargetsTheExecutionsTrustBeadAndLowersItsScore_FIX() {
    Bead t = trust(0.8);
    Hypothesis h =
        new FactoryHypothesisBuilder()
            .build(
                request(
                    Optional.empty(),
                    Optional.of(t),
                    Optional.of(policy("EXECUTE_FULL")),
                    Severity.HIGH));
    assertThat(h.targetBeadId()).isEqualTo(t.id().value());
    assertThat(h.targetType()).isEqualTo("trust");
    assertThat(h.proposedChange()).isEqualTo(Map.of("trust_score", new BigDecimal("0.60")));
    assertThat(h.attribution()).isEqualTo("specification");
    assertThat(h.confidence()).isEqualTo(0.75);
  }

  @Test
  void withoutATrustBeadTheSessionsPolicyIsTargetedOneAutonomyStepLower() {
    Bead p = policy("EXECUTE_BOUNDED");
    Hypothesis h =
        new FactoryHypothesisBuilder()
            .build(request(Optional.empty(), Optional.empty(), Optional.of(p), Severity.LOW));
    assertThat(h.targetBeadId()).isEqualTo(p.id().value());
    assertThat(h.targetType()).isEqualTo("policy");
    assertThat(h.proposedChange()).isEqualTo(Map.of("autonomy", "PROPOSE"));
  }

  @Test
  void aNamedTargetWinsAndNoTargetAtAllIsRefused() {
    Bead named = trust(0.3);
    assertThat(
            new FactoryHypothesisBuilder()
                .build(
                    request(
                        Optional.of(named),
                        Optional.of(trust(0.9)),
                        Optional.empty(),
                        Severity.CRITICAL))
                .targetBeadId())
        .isEqualTo(named.id().value());
    assertThat(
            new FactoryHypothesisBuilder()
                .build(
                    request(
                        Optional.of(named), Optional.empty(), Optional.empty(), Severity.CRITICAL))
                .proposedChange())
        .isEqualTo(Map.of("trust_score", new BigDecimal("0.00")));
    assertThatThrownBy(
            () ->
                new FactoryHypothesisBuilder()
                    .build(
                        request(
                            Optional.empty(), Optional.empty(), Optional.empty(), Severity.LOW)))
        .isInstanceOf(NoAmendmentTargetException.class);
  }

  @Test
  void theAdoptedSuccessorKeepsItsSubjectAndCarriesTheSpecificationBridge_item7() {
    Bead t = trust(0.8);
    Map<String, Object> successor =
        Adoption.successorContent(
            t, Map.of("trust_score", 0.6, "subject_id", t.id().value()), "specification-x");
    assertThat(successor)
        .containsEntry("subject_id", "vendor-1")
        .containsEntry("trust_score", 0.6)
        .containsEntry("artifact_graph_specification_id", "specification-x");
    Bead created =
        Bead.create("org-1", BeadType.TRUST, successor, List.of(t.id().value()), "reviewer", 2);
    assertThat(created.identityKey()).isEqualTo(t.identityKey());
  }

  @Test
  void aTrialAdoptionNamesTheProposedChangeMembersTheSuccessorsSchemaRefuses_item10() {
    Bead t = trust(0.8);
    assertThat(Adoption.violations(t, Map.of("trust_score", 0.5))).isEmpty();
    assertThat(Adoption.violations(t, Map.of("subject_id", "someone-else")))
        .as("the subject is kept, so changing it breaks no schema (the verifier judges it)")
        .isEmpty();
    assertThat(Adoption.violations(t, Map.of("trust_score", 5)))
        .extracting(FieldViolation::field)
        .containsExactly("proposedChange.trust_score");
    assertThat(Adoption.violations(t, Map.of("status", "OK", "evidence_refs", "x")))
        .extracting(FieldViolation::field)
        .containsExactlyInAnyOrder("proposedChange.status", "proposedChange.evidence_refs");
    Map<String, Object> nulled = new LinkedHashMap<>();
    nulled.put("trust_score", null);
    nulled.put("expiry", null);
    assertThat(Adoption.violations(t, nulled))
        .extracting(FieldViolation::field, FieldViolation::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("proposedChange.trust_score", "must not be null"));
    assertThat(Adoption.violations(policy("EXECUTE_FULL"), Map.of("autonomy", "GODMODE")))
        .extracting(FieldViolation::field)
        .containsExactly("proposedChange.autonomy");
    Hypothesis h =
        new Hypothesis("specification", "e", 0.5, t.id().value(), "trust", Map.of())
            .withProposedChange(nulled);
    assertThat(h.proposedChange()).containsEntry("trust_score", null);
  }

  @Test
  void resolutionsCopyThePendingAmendment() {
    Map<String, Object> pending = new LinkedHashMap<>();
    pending.put("target_bead_id", "t");
    pending.put("target_type", "trust");
    pending.put("proposed_change", Map.of("trust_score", 0.5));
    pending.put("rationale", "r");
    pending.put("triggered_by", "o");
    pending.put("status", "PENDING");
    Bead p = Bead.create("org-1", BeadType.AMENDMENT, pending, List.of(), "x", 1);
    Map<String, Object> approved =
        Adoption.resolution(p, true, "alice", Instant.parse("2026-06-10T00:00:00Z"), "new-bead");
    assertThat(approved)
        .containsEntry("status", "APPROVED")
        .containsEntry("reviewed_by", "alice")
        .containsEntry("reviewed_at", "2026-06-10T00:00:00Z")
        .containsEntry("if_approved_produces", "new-bead");
    assertThat(Adoption.resolution(p, false, "bob", Instant.EPOCH, null))
        .containsEntry("status", "REJECTED")
        .doesNotContainKey("if_approved_produces");
  }

  @Test
  void loopIdsAreDerivedFromTheirInputs() {
    assertThat(LoopIds.of("trace", "s", "e"))
        .isEqualTo(LoopIds.of("trace", "s", "e"))
        .startsWith("trace-")
        .hasSize(6 + 32);
    assertThat(LoopIds.of("trace", "s", "e")).isNotEqualTo(LoopIds.of("trace", "se", ""));
  }
}
