package ai.koales.ksp.domain.bead;

import static ai.koales.ksp.domain.bead.TestFixtures.bead;
import static ai.koales.ksp.domain.bead.TestFixtures.consent;
import static ai.koales.ksp.domain.bead.TestFixtures.execution;
import static ai.koales.ksp.domain.bead.TestFixtures.policy;
import static ai.koales.ksp.domain.bead.TestFixtures.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.bead.TestFixtures.MapCache;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cache keys are injective and every committed write drops what it changes (INV-BG-006, §4.2). */
class CacheKeysTest {

  static final String ORG = "org-1";

  @Test
  void noCategoryAndTheCategoryStarAreDifferentKeys() {
    assertThat(CacheKeys.knowingState(ORG, "r", null)).isEqualTo("ks:org-1:r:*");
    assertThat(CacheKeys.knowingState(ORG, "r", "*")).isNotEqualTo("ks:org-1:r:*");
  }

  @Test
  void roleAWithCategoryBStarIsNotRoleAColonB() {
    assertThat(CacheKeys.knowingState(ORG, "a", "b:*"))
        .isNotEqualTo(CacheKeys.knowingState(ORG, "a:b", null));
    assertThat(CacheKeys.knowingState(ORG, "a", "b"))
        .isNotEqualTo(CacheKeys.knowingState(ORG, "a:b", null))
        .isNotEqualTo(CacheKeys.knowingState(ORG, "a%3Ab", null));
    assertThat(CacheKeys.knowingState(ORG, "a:b", null)).doesNotStartWith("ks:org-1:a:");
    assertThat(CacheKeys.consent(ORG, "a:b")).isNotEqualTo(CacheKeys.consent(ORG + ":a", "b"));
  }

  @Test
  void aRolesPrefixCoversAllItsCategoriesAndNoOtherRole() {
    String prefix = CacheKeys.knowingStatePrefix(ORG, "a");
    assertThat(CacheKeys.knowingState(ORG, "a", null)).startsWith(prefix);
    assertThat(CacheKeys.knowingState(ORG, "a", "vendor")).startsWith(prefix);
    assertThat(CacheKeys.knowingState(ORG, "a:b", null)).doesNotStartWith(prefix);
    assertThat(CacheKeys.knowingState(ORG, "ab", null)).doesNotStartWith(prefix);
  }

  @Test
  void roleIdsAndCategoriesThatWouldBeKeySyntaxAreRefusedNamingTheField() {
    assertThat(CacheKeys.requireRoleId("roleId", "role-1.x_y")).isEqualTo("role-1.x_y");
    for (String bad : new String[] {"a:b", "*", "", "a b"}) {
      assertThatThrownBy(() -> CacheKeys.requireRoleId("roleId", bad))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> {
                assertThat(e.code()).isEqualTo("invalid-request");
                assertThat(e.violations().get(0).field()).isEqualTo("roleId");
              });
    }
    assertThatThrownBy(() -> CacheKeys.requireRoleId("roleId", null))
        .isInstanceOf(InvalidInputException.class);
    assertThat(CacheKeys.requireCategory("category", null)).isNull();
    assertThat(CacheKeys.requireCategory("category", "third party")).isEqualTo("third party");
    for (String bad : new String[] {"*", "b:*", "", "  ", "x".repeat(201), "a\nb"}) {
      assertThatThrownBy(() -> CacheKeys.requireCategory("category", bad))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.violations().get(0).field()).isEqualTo("category"));
    }
  }

  @Test
  void aTrustWriteDropsTheSubjectsHeadAndEveryKnowingStateOfTheOrg() {
    CacheKeys.Invalidation i =
        CacheKeys.after(bead(ORG, BeadType.TRUST, trust("vendor-1", "vendor", "APPROVED", 1), 1));
    assertThat(i.keys()).containsExactly("head:org-1:trust:vendor-1");
    assertThat(i.prefixes()).containsExactly("ks:org-1:");
  }

  @Test
  void anOrgPolicyDropsEveryKnowingStateOfTheOrgAndARolePolicyOnlyThatRoles() {
    CacheKeys.Invalidation org =
        CacheKeys.after(bead(ORG, BeadType.POLICY, policy("org", "SUGGEST"), 1));
    assertThat(org.keys()).containsExactly("policy:org-1:org");
    assertThat(org.prefixes()).containsExactly("ks:org-1:");
    CacheKeys.Invalidation role =
        CacheKeys.after(bead(ORG, BeadType.POLICY, policy("role-1", "SUGGEST"), 1));
    assertThat(role.keys()).containsExactly("policy:org-1:role-1");
    assertThat(role.prefixes()).containsExactly("ks:org-1:role-1:");
  }

  @Test
  void aConsentWriteDropsTheRolesConsentAndKnowingStates() {
    CacheKeys.Invalidation i =
        CacheKeys.after(bead(ORG, BeadType.CONSENT, consent("role-1", "ACTIVE", List.of()), 1));
    assertThat(i.keys()).containsExactly("consent:org-1:role-1");
    assertThat(i.prefixes()).containsExactly("ks:org-1:role-1:");
  }

  @Test
  void aRevocationDropsEverythingTheRevokedConsentHadCached_INV_BG_005() {
    MapCache cache = new MapCache();
    InMemoryBeadGraph graph = new InMemoryBeadGraph(cache);
    Bead granted = bead(ORG, BeadType.CONSENT, consent("role-1", "ACTIVE", List.of("a")), 1);
    graph.add(granted);
    cache.put(CacheKeys.consent(ORG, "role-1"), List.of("a"), CacheKeys.CONSENT_TTL);
    cache.put(CacheKeys.knowingState(ORG, "role-1", null), "ks", CacheKeys.KNOWING_STATE_TTL);
    cache.put(CacheKeys.knowingState(ORG, "role-1", "vendor"), "ks", CacheKeys.KNOWING_STATE_TTL);
    cache.put(CacheKeys.knowingState(ORG, "role-2", null), "kept", CacheKeys.KNOWING_STATE_TTL);
    Map<String, Object> revoke = consent("role-1", "REVOKED", List.of());
    revoke.put("revokes", granted.id().value());
    graph.add(bead(ORG, BeadType.CONSENT, revoke, 2));
    assertThat(cache.entries).containsOnlyKeys(CacheKeys.knowingState(ORG, "role-2", null));
  }

  @Test
  void outcomesAndAmendmentsDropTheMaintenanceEntry() {
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("execution_bead_id", "e");
    outcome.put("status", "SUCCESS");
    outcome.put("summary", "ok");
    outcome.put("triggers_amendment", false);
    CacheKeys.Invalidation o = CacheKeys.after(bead(ORG, BeadType.OUTCOME, outcome, 1));
    assertThat(o.keys()).containsExactly("maintenance:org-1");
    assertThat(o.prefixes()).isEmpty();
    CacheKeys.Invalidation a =
        CacheKeys.after(bead(ORG, BeadType.AMENDMENT, BeadWriteTest.amendment("t", "PENDING"), 1));
    assertThat(a.keys()).containsExactly("maintenance:org-1");
    assertThat(a.prefixes()).isEmpty();
  }

  @Test
  void executionsEscalationsAndAuditsChangeNothingCached() {
    Bead e = bead(ORG, BeadType.EXECUTION, execution("SUGGEST", ""), 1);
    assertThat(CacheKeys.after(e).isEmpty()).isTrue();
    assertThat(CacheKeys.after(e.audit(AuditAction.CREATE, "a", "s", 1)).isEmpty()).isTrue();
    Map<String, Object> escalation = new LinkedHashMap<>();
    escalation.put("trigger_bead_id", e.id().value());
    escalation.put("reason", "r");
    escalation.put("escalated_to", "ops");
    assertThat(CacheKeys.after(bead(ORG, BeadType.ESCALATION, escalation, 1)).isEmpty()).isTrue();
  }

  @Test
  void anAdoptionDropsTheOrgsKnowingStatesHeadsAndMaintenance() {
    CacheKeys.Invalidation i = CacheKeys.adoption(ORG);
    assertThat(i.keys()).containsExactly("maintenance:org-1");
    assertThat(i.prefixes()).containsExactlyInAnyOrder("ks:org-1:", "head:org-1:");
  }
}
