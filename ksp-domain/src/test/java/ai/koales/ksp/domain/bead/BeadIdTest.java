package ai.koales.ksp.domain.bead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact hashes of core.md §8 scenarios 1-5: frozen, never to change. */
class BeadIdTest {

  @Test
  void scenario1_typeCanonicalContentAndSortedParentsAreHashed() {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("a", 1);
    content.put("b", 2);
    assertThat(BeadId.hashInput("trust", CanonicalJson.of(content), List.of("aaa", "bbb")))
        .isEqualTo("trust{\"a\":1,\"b\":2}aaabbb");
    assertThat(BeadId.compute("trust", content, List.of("aaa", "bbb")).value())
        .isEqualTo("36fed4f6b7bd244dc511fff93dd5ad4bf01eb0b016b4de63033624a23fd8af0c");

    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("b", 2);
    reordered.put("a", 1);
    assertThat(BeadId.compute("trust", reordered, List.of("bbb", "aaa")).value())
        .isEqualTo("36fed4f6b7bd244dc511fff93dd5ad4bf01eb0b016b4de63033624a23fd8af0c");
  }

  @Test
  void scenario2_aTrustBead() {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("subject_id", "vendor-1");
    content.put("subject_type", "vendor");
    content.put("status", "APPROVED");
    content.put("trust_score", 0.8);
    content.put("rationale", "test");
    content.put("evidence_refs", List.of());
    assertThat(BeadId.compute("trust", content, List.of()).value())
        .isEqualTo("2d4e797269575806e261a19af35a27a4d3c04a96e0cac2b4b69caffd8421bdf1");
  }

  @Test
  void scenario3_oneAndOnePointZeroAreTheSameNumber() {
    String expected = "261afd0933b15b6492aa5087bc926f8f5d988186ec97172fd0e4b5de4b22acf8";
    assertThat(BeadId.compute("trust", Map.of("a", new BigDecimal("1.0")), List.of()).value())
        .isEqualTo(expected);
    assertThat(BeadId.compute("trust", Map.of("a", 1), List.of()).value()).isEqualTo(expected);
    assertThat(BeadId.compute("trust", Map.of("a", 1.0d), List.of()).value()).isEqualTo(expected);
  }

  static Map<String, Object> policy(int maxSpend) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("scope", "org");
    content.put("rules", Map.of("max_spend", maxSpend));
    content.put("autonomy", "EXECUTE_BOUNDED");
    content.put("effective_at", "2026-06-10T00:00:00Z");
    return content;
  }

  @Test
  void scenario4_nestedRulesTakePartInTheHash_FIX() {
    assertThat(BeadId.compute("policy", policy(100), List.of()).value())
        .isEqualTo("66d78436e18cb06f39f7a423d755eb4d4e65a2d6b7d9d691aa58fef5d516ae48");
    assertThat(BeadId.compute("policy", policy(999), List.of()).value())
        .isEqualTo("44c1220bb9d5afeead9bf84251f72ce79d60d2451e98ac796ac1c0529e0fd9a8");
  }

  @Test
  void scenario4_theOriginalsAllowListDroppedNestedRules_legacyModeReproducesIt() {
    String legacy100 =
        BeadId.hash(BeadId.hashInput("policy", CanonicalJson.legacyOf(policy(100)), List.of()));
    String legacy999 =
        BeadId.hash(BeadId.hashInput("policy", CanonicalJson.legacyOf(policy(999)), List.of()));
    assertThat(CanonicalJson.legacyOf(policy(100)))
        .isEqualTo(
            "{\"autonomy\":\"EXECUTE_BOUNDED\",\"effective_at\":\"2026-06-10T00:00:00Z\",\"rules\":{},\"scope\":\"org\"}");
    assertThat(legacy100).startsWith("ad22c45a").isEqualTo(legacy999);
  }

  @Test
  void scenario5_theAuditBeadOfAnExecution() {
    Map<String, Object> execution = new LinkedHashMap<>();
    execution.put("subject_id", "vendor-1");
    execution.put("action", "purchase");
    execution.put("autonomy_level", "SUGGEST");
    execution.put("trust_bead_id", "t1");
    execution.put("policy_bead_id", "p1");
    execution.put("rationale", "r");
    String executionId = BeadId.compute("execution", execution, List.of()).value();
    assertThat(executionId)
        .isEqualTo("8c6caa878172604f0a6c7a254a9b0cd5b34e1b0d75c833f0522ec1befa768fe5");

    Map<String, Object> audit = new LinkedHashMap<>();
    audit.put("audited_bead_id", executionId);
    audit.put("audited_type", "execution");
    audit.put("action", "CREATE");
    audit.put("actor_id", "agent-1");
    audit.put("session_id", "sess-1");
    audit.put("ts", 1781049600000L);
    assertThat(BeadId.compute("audit", audit, List.of(executionId)).value())
        .isEqualTo("f86af8065a52b5cde532b2d7fec5ca8bf9d99064badc5777bf75e9c8aa1a592f");
  }

  @Test
  void anIdIsSixtyFourLowerCaseHexCharacters() {
    assertThat(BeadId.isWellFormed("0".repeat(64))).isTrue();
    assertThat(BeadId.isWellFormed("A".repeat(64))).isFalse();
    assertThat(BeadId.isWellFormed("0".repeat(63))).isFalse();
    assertThatThrownBy(() -> new BeadId("xyz")).isInstanceOf(IllegalArgumentException.class);
  }
}
