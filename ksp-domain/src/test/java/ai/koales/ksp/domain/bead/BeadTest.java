package ai.koales.ksp.domain.bead;

import static ai.koales.ksp.domain.bead.TestFixtures.bead;
import static ai.koales.ksp.domain.bead.TestFixtures.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.FieldViolation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Beads are valid by construction; writes carry their audit (core.md §8 scenarios 7, 8, 10). */
class BeadTest {

  static final Map<String, Object> SCENARIO_2 = trust("vendor-1", "vendor", "APPROVED", 0.8);

  @Test
  void scenario7_aTrustBeadWithoutItsAuditCannotBeWritten_INV_BG_007() {
    Bead t = bead("org-1", BeadType.TRUST, SCENARIO_2, 1);
    assertThatThrownBy(() -> BeadWrite.of(t, null))
        .isInstanceOf(AuditBeadRequiredException.class)
        .hasMessage("writeBead: auditBead required for type=trust");
  }

  @Test
  void anAuditOfAnotherBeadIsRefused() {
    Bead t = bead("org-1", BeadType.TRUST, SCENARIO_2, 1);
    Bead other = bead("org-1", BeadType.TRUST, trust("vendor-2", "vendor", "APPROVED", 0.8), 1);
    assertThatThrownBy(() -> BeadWrite.of(t, other.audit(AuditAction.CREATE, "a", "s", 1)))
        .isInstanceOf(AuditBeadRequiredException.class);
  }

  @Test
  void scenario8_aClaimedIdThatIsNotTheHashIsRefused_INV_BG_002() {
    Bead t = bead("org-1", BeadType.TRUST, SCENARIO_2, 1);
    assertThatThrownBy(() -> t.verifyClaimedId("0".repeat(64)))
        .isInstanceOf(BeadIntegrityException.class)
        .hasMessageContaining("2d4e797269575806e261a19af35a27a4d3c04a96e0cac2b4b69caffd8421bdf1");
    t.verifyClaimedId("2d4e797269575806e261a19af35a27a4d3c04a96e0cac2b4b69caffd8421bdf1");
  }

  @Test
  void scenario10_invalidTrustContentNamesEveryBadField() {
    Map<String, Object> c = new HashMap<>(SCENARIO_2);
    c.put("trust_score", 1.5);
    assertThat(fields(BeadType.TRUST, c)).containsExactly("content.trust_score");
    c = new HashMap<>(SCENARIO_2);
    c.remove("status");
    assertThat(fields(BeadType.TRUST, c)).containsExactly("content.status");
    c = new HashMap<>(SCENARIO_2);
    c.put("status", "OK");
    assertThat(fields(BeadType.TRUST, c)).containsExactly("content.status");
    c = new HashMap<>(SCENARIO_2);
    c.put("trust_score", "high");
    assertThat(fields(BeadType.TRUST, c)).containsExactly("content.trust_score");
    assertThatThrownBy(() -> bead("org-1", BeadType.TRUST, Map.of("subject_id", "x"), 1))
        .isInstanceOf(BeadValidationException.class);
  }

  @Test
  void everyTypeHasItsRequiredFields() {
    assertThat(fields(BeadType.POLICY, Map.of()))
        .contains("content.scope", "content.rules", "content.autonomy", "content.effective_at");
    assertThat(fields(BeadType.EXECUTION, Map.of()))
        .contains(
            "content.subject_id",
            "content.action",
            "content.autonomy_level",
            "content.trust_bead_id",
            "content.policy_bead_id",
            "content.rationale");
    assertThat(fields(BeadType.OUTCOME, Map.of()))
        .contains(
            "content.execution_bead_id",
            "content.status",
            "content.summary",
            "content.triggers_amendment");
    assertThat(fields(BeadType.AMENDMENT, Map.of()))
        .contains(
            "content.target_bead_id",
            "content.target_type",
            "content.proposed_change",
            "content.rationale",
            "content.triggered_by",
            "content.status");
    assertThat(fields(BeadType.CONSENT, Map.of()))
        .contains(
            "content.role_id",
            "content.grants",
            "content.status",
            "content.granted_by",
            "content.granted_at");
    assertThat(fields(BeadType.ESCALATION, Map.of()))
        .contains("content.trigger_bead_id", "content.reason", "content.escalated_to");
    assertThat(fields(BeadType.AUDIT, Map.of()))
        .contains(
            "content.audited_bead_id",
            "content.audited_type",
            "content.action",
            "content.actor_id",
            "content.session_id",
            "content.ts");
  }

  @Test
  void datesMustBeIsoWithAnOffsetAndEnumsExact() {
    Map<String, Object> policy =
        new HashMap<>(
            Map.of(
                "scope",
                "org",
                "rules",
                Map.of(),
                "autonomy",
                "execute_full",
                "effective_at",
                "2026-06-10"));
    assertThat(fields(BeadType.POLICY, policy))
        .containsExactlyInAnyOrder("content.autonomy", "content.effective_at");
  }

  @Test
  void optionalBridgeFieldsMayBeExplicitlyNull_Q2() {
    Map<String, Object> outcome =
        new HashMap<>(
            Map.of(
                "execution_bead_id",
                "e",
                "status",
                "SUCCESS",
                "summary",
                "ok",
                "triggers_amendment",
                false));
    outcome.put("artifact_graph_divergence_id", null);
    assertThat(fields(BeadType.OUTCOME, outcome)).isEmpty();
  }

  @Test
  void unpairedSurrogatesAndBadParentsAreRefused() {
    Map<String, Object> c = new HashMap<>(SCENARIO_2);
    c.put("rationale", "bad \uD800 text");
    assertThat(fields(BeadType.TRUST, c)).containsExactly("content.rationale");
    assertThatThrownBy(
            () -> Bead.create("org-1", BeadType.TRUST, SCENARIO_2, List.of("aaa"), "op", 1))
        .isInstanceOfSatisfying(
            BeadValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(FieldViolation::field)
                    .containsExactly("parentIds[0]"));
  }

  @Test
  void contentOverTheLimitIsTooLarge() {
    Map<String, Object> c = new HashMap<>(SCENARIO_2);
    c.put("rationale", "x".repeat(Bead.MAX_CONTENT_BYTES));
    assertThatThrownBy(() -> bead("org-1", BeadType.TRUST, c, 1))
        .isInstanceOf(PayloadTooLargeException.class);
  }

  @Test
  void aSupersedeKeepsTypeAndSubject() {
    Bead old = bead("org-1", BeadType.TRUST, SCENARIO_2, 1);
    Bead otherSubject =
        bead(
            "org-1",
            BeadType.TRUST,
            trust("vendor-2", "vendor", "APPROVED", 0.5),
            2,
            old.id().value());
    BeadWrite w =
        new BeadWrite(
            otherSubject, otherSubject.audit(AuditAction.SUPERSEDE, "a", "s", 2), old.id());
    assertThatThrownBy(() -> w.checkSupersedable(old))
        .isInstanceOf(InvalidSupersedeException.class)
        .hasMessageContaining("subject_id");
  }

  @Test
  void anOrgIdWithAColonIsRefused() {
    assertThatThrownBy(() -> bead("org:1", BeadType.TRUST, SCENARIO_2, 1))
        .hasMessageContaining("orgId");
  }

  static List<String> fields(BeadType type, Map<String, Object> content) {
    return BeadSchema.violations(type, content).stream().map(FieldViolation::field).toList();
  }

  @Test
  void contentWithoutAnyIdIsNamedFieldByField() {
    Map<String, Object> content = new HashMap<>();
    content.put("big", new java.math.BigDecimal("1e400"));
    content.put("text", "\ud800");
    assertThat(BeadSchema.hashable("trust", content, List.of("aaa")))
        .extracting(FieldViolation::field)
        .containsExactlyInAnyOrder("content.big", "content.text");
    assertThat(BeadSchema.hashable("tr\udc00", Map.of(), java.util.Arrays.asList("a", null)))
        .extracting(FieldViolation::field)
        .containsExactly("type", "parentIds[1]");
    assertThat(BeadSchema.hashable("trust", Map.of("a", 1), List.of("bbb", "aaa"))).isEmpty();
  }
}
