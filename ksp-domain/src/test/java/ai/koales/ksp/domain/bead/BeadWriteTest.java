package ai.koales.ksp.domain.bead;

import static ai.koales.ksp.domain.bead.TestFixtures.bead;
import static ai.koales.ksp.domain.bead.TestFixtures.consent;
import static ai.koales.ksp.domain.bead.TestFixtures.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.bead.TestFixtures.MapCache;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replacing a bead: supersede rules (INV-BG-001/004, core.md §3) and revocations (INV-BG-005). */
class BeadWriteTest {

  static final String ORG = "org-1";

  final InMemoryBeadGraph graph = new InMemoryBeadGraph(new MapCache());
  final Bead target = bead(ORG, BeadType.TRUST, trust("vendor-1", "vendor", "APPROVED", 0.8), 1);

  static Map<String, Object> amendment(String target, String status) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("target_bead_id", target);
    c.put("target_type", "trust");
    c.put("proposed_change", Map.of("trust_score", 0.5));
    c.put("rationale", "r");
    c.put("triggered_by", "human");
    c.put("status", status);
    return c;
  }

  Bead amendmentBead(String status, long ts, String... parents) {
    return bead(ORG, BeadType.AMENDMENT, amendment(target.id().value(), status), ts, parents);
  }

  /** Writes {@code newer} superseding {@code older} through the graph's write path. */
  void supersede(Bead newer, Bead older) {
    graph.write(
        new BeadWrite(
            newer, newer.audit(AuditAction.SUPERSEDE, "op", "t", newer.ts()), older.id()));
  }

  Bead pending() {
    graph.add(target);
    Bead pending = amendmentBead("PENDING", 2);
    graph.add(pending);
    return pending;
  }

  @Test
  void aNewAmendmentThatDoesNotSupersedeOneMustBePending() {
    graph.add(target);
    Bead approved = amendmentBead("APPROVED", 2);
    assertThatThrownBy(
            () -> BeadWrite.of(approved, approved.audit(AuditAction.CREATE, "op", "t", 2)))
        .isInstanceOf(BeadValidationException.class)
        .hasMessageContaining("PENDING");
    Bead pending = amendmentBead("PENDING", 2);
    assertThat(BeadWrite.of(pending, pending.audit(AuditAction.CREATE, "op", "t", 2)).bead())
        .isEqualTo(pending);
  }

  @Test
  void indexedContentFieldsLongerThanTheirColumnAreValidationErrors() {
    Map<String, Object> content = trust("v".repeat(401), "vendor", "APPROVED", 0.8);
    assertThat(BeadSchema.violations(BeadType.TRUST, content))
        .extracting(v -> v.field())
        .containsExactly("content.subject_id");
    assertThat(
            BeadSchema.violations(
                BeadType.TRUST, trust("v".repeat(400), "vendor", "APPROVED", 0.8)))
        .isEmpty();
    Map<String, Object> tooLongTarget = amendment("a".repeat(201), "PENDING");
    assertThat(BeadSchema.violations(BeadType.AMENDMENT, tooLongTarget))
        .extracting(v -> v.field())
        .containsExactly("content.target_bead_id");
  }

  @Test
  void aPendingAmendmentIsApprovedThenSupersededThroughTheWritePath() {
    Bead pending = pending();
    Bead approved = amendmentBead("APPROVED", 3, pending.id().value());
    supersede(approved, pending);
    assertThat(graph.supersededBy(ORG, pending.id().value())).contains(approved.id().value());
    Bead superseded = amendmentBead("SUPERSEDED", 4, approved.id().value());
    supersede(superseded, approved);
    assertThat(graph.supersededBy(ORG, approved.id().value())).contains(superseded.id().value());
    assertThat(graph.openAmendments(ORG)).isEmpty();
  }

  @Test
  void aPendingAmendmentCanBeRejectedThroughTheWritePath() {
    Bead pending = pending();
    Bead rejected = amendmentBead("REJECTED", 3, pending.id().value());
    supersede(rejected, pending);
    assertThat(graph.supersededBy(ORG, pending.id().value())).contains(rejected.id().value());
  }

  @Test
  void noStepOutsideTheAmendmentStateMachine_core3() {
    Bead pending = amendmentBead("PENDING", 2);
    Bead approved = amendmentBead("APPROVED", 3, pending.id().value());
    Bead rejected = amendmentBead("REJECTED", 3, pending.id().value());
    Bead superseded = amendmentBead("SUPERSEDED", 4, approved.id().value());
    // Allowed steps.
    assertThat(BeadWrite.supersedeViolation(approved, pending)).isEmpty();
    assertThat(BeadWrite.supersedeViolation(rejected, pending)).isEmpty();
    assertThat(BeadWrite.supersedeViolation(superseded, approved)).isEmpty();
    // Everything else.
    Map<String, Object> revised = amendment(target.id().value(), "PENDING");
    revised.put("rationale", "revised");
    assertThat(
            BeadWrite.supersedeViolation(
                bead(ORG, BeadType.AMENDMENT, revised, 3, pending.id().value()), pending))
        .hasValueSatisfying(why -> assertThat(why).contains("PENDING can only become"));
    assertThat(
            BeadWrite.supersedeViolation(
                amendmentBead("SUPERSEDED", 3, pending.id().value()), pending))
        .isPresent();
    assertThat(
            BeadWrite.supersedeViolation(
                amendmentBead("REJECTED", 4, approved.id().value()), approved))
        .isPresent();
    for (Bead terminal : List.of(rejected, superseded)) {
      for (String to : List.of("PENDING", "APPROVED", "REJECTED", "SUPERSEDED")) {
        assertThat(
                BeadWrite.supersedeViolation(amendmentBead(to, 9, terminal.id().value()), terminal))
            .as(terminal.text("status") + " -> " + to)
            .hasValueSatisfying(why -> assertThat(why).contains("is final"));
      }
    }
  }

  @Test
  void aSupersedingAmendmentKeepsItsTarget() {
    Bead pending = amendmentBead("PENDING", 2);
    Map<String, Object> moved = amendment("ab".repeat(32), "APPROVED");
    Bead retargeted = bead(ORG, BeadType.AMENDMENT, moved, 3, pending.id().value());
    assertThat(BeadWrite.supersedeViolation(retargeted, pending))
        .hasValueSatisfying(why -> assertThat(why).contains("target_bead_id"));
    Map<String, Object> retyped = amendment(target.id().value(), "APPROVED");
    retyped.put("target_type", "policy");
    assertThat(
            BeadWrite.supersedeViolation(
                bead(ORG, BeadType.AMENDMENT, retyped, 3, pending.id().value()), pending))
        .hasValueSatisfying(why -> assertThat(why).contains("target_type"));
  }

  @Test
  void anInvalidStepIsRefusedAtWriteWithInvalidSupersedeAndStoresNothing() {
    Bead pending = pending();
    Bead rejected = amendmentBead("REJECTED", 3, pending.id().value());
    supersede(rejected, pending);
    int before = graph.beads.size();
    Bead reopened = amendmentBead("APPROVED", 4, rejected.id().value());
    assertThatThrownBy(() -> supersede(reopened, rejected))
        .isInstanceOfSatisfying(
            InvalidSupersedeException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid-supersede");
              assertThat(e.violations().get(0).field()).isEqualTo("supersedes");
            });
    assertThat(graph.beads).hasSize(before);
  }

  @Test
  void aRevocationMustNameAConsentOfTheSameRole_INV_BG_005() {
    Bead granted = bead(ORG, BeadType.CONSENT, consent("role-1", "ACTIVE", List.of("a")), 1);
    Bead otherRole = bead(ORG, BeadType.CONSENT, consent("role-2", "ACTIVE", List.of("a")), 1);
    graph.add(granted);
    graph.add(otherRole);
    graph.add(target);
    int before = graph.beads.size();
    for (String revoked :
        List.of("ab".repeat(32), "", otherRole.id().value(), target.id().value())) {
      Map<String, Object> revoke = consent("role-1", "REVOKED", List.of());
      revoke.put("revokes", revoked);
      Bead r = bead(ORG, BeadType.CONSENT, revoke, 2);
      assertThatThrownBy(() -> graph.add(r))
          .as(revoked)
          .isInstanceOfSatisfying(
              InvalidSupersedeException.class,
              e -> assertThat(e.violations().get(0).field()).isEqualTo("content.revokes"));
    }
    assertThat(graph.beads).hasSize(before);
    Map<String, Object> revoke = consent("role-1", "REVOKED", List.of());
    revoke.put("revokes", granted.id().value());
    graph.add(bead(ORG, BeadType.CONSENT, revoke, 2));
    assertThat(graph.consentCandidates(ORG, "role-1"))
        .extracting(b -> b.text("status"))
        .containsExactly("REVOKED");
  }

  @Test
  void trustPolicyAndConsentKeepWhatTheyAreAbout() {
    Bead t2 =
        bead(
            ORG,
            BeadType.TRUST,
            trust("vendor-2", "vendor", "APPROVED", 0.9),
            2,
            target.id().value());
    assertThat(BeadWrite.supersedeViolation(t2, target))
        .hasValueSatisfying(why -> assertThat(why).contains("subject_id"));
    Bead sameSubject =
        bead(
            ORG,
            BeadType.TRUST,
            trust("vendor-1", "agent", "SUSPENDED", 0.1),
            2,
            target.id().value());
    assertThat(BeadWrite.supersedeViolation(sameSubject, target)).isEmpty();
    Bead notAParent = bead(ORG, BeadType.TRUST, trust("vendor-1", "vendor", "APPROVED", 0.9), 2);
    assertThat(BeadWrite.supersedeViolation(notAParent, target))
        .hasValueSatisfying(why -> assertThat(why).contains("parent"));
    Bead c1 = bead(ORG, BeadType.CONSENT, consent("role-1", "ACTIVE", List.of()), 1);
    Bead c2 =
        bead(ORG, BeadType.CONSENT, consent("role-2", "ACTIVE", List.of()), 2, c1.id().value());
    assertThat(BeadWrite.supersedeViolation(c2, c1))
        .hasValueSatisfying(why -> assertThat(why).contains("role_id"));
  }
}
