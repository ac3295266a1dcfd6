package ai.koales.ksp.domain.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.commissioning.CommissioningSignal;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The gateway's front door as pure rules (edges.md §2.1 steps 2-4, §2.2, §3.4): the envelope
 * validator I-EXT-01, the RFC 8785 envelope signature, the routing fields, the PDP's answer rules
 * and the request checks of CancelSession and AcknowledgeReview.
 */
class GatewayRulesTest {

  static final byte[] KEY = "gateway-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  static WgspEnvelope envelope(String version, String actor, String purpose) {
    return new WgspEnvelope(version, actor, purpose, new byte[] {'{', '}'}, new byte[] {1});
  }

  // ------------------------------------------------------------------------------ I-EXT-01

  @Test
  void schemaVersionMustBeExactly100_scenario1() {
    assertThatThrownBy(() -> envelope("0.9.0", "agent", "BCO-1").validate())
        .isInstanceOf(InvalidGatewayRequestException.class)
        .hasMessage("envelope.envelope_schema_version must be \"1.0.0\", got \"0.9.0\"");
    assertThatThrownBy(() -> envelope("1.0.0 ", "agent", "BCO-1").validate())
        .hasMessageContaining("envelope_schema_version");
    assertThatThrownBy(() -> envelope(null, "agent", "BCO-1").validate())
        .hasMessage("envelope.envelope_schema_version must be \"1.0.0\", got nothing");
  }

  @Test
  void actorTypeMustNotBeBlankAfterTrim_scenario2() {
    assertThatThrownBy(() -> envelope("1.0.0", "   ", "BCO-1").validate())
        .isInstanceOf(InvalidGatewayRequestException.class)
        .hasMessage("envelope.actor_type must not be blank, got \"   \"");
    assertThatThrownBy(() -> envelope("1.0.0", "", "BCO-1").validate())
        .hasMessageContaining("envelope.actor_type");
  }

  @Test
  void purposeIdMustStartWithBcoCaseSensitively_scenario2() {
    assertThatThrownBy(() -> envelope("1.0.0", "agent", "PUR-7").validate())
        .hasMessage("envelope.purpose_id must start with \"BCO-\", got \"PUR-7\"");
    assertThatThrownBy(() -> envelope("1.0.0", "agent", "bco-7").validate())
        .hasMessage("envelope.purpose_id must start with \"BCO-\", got \"bco-7\"");
    assertThat(envelope("1.0.0", " agent ", "BCO-7").validate()).isNotNull();
  }

  @Test
  void theFirstBrokenRuleIsReportedInOrder() {
    assertThatThrownBy(() -> envelope("2", " ", "x").validate())
        .hasMessageContaining("envelope_schema_version");
    assertThatThrownBy(() -> envelope("1.0.0", " ", "x").validate())
        .hasMessageContaining("actor_type");
  }

  // --------------------------------------------------------------------------- signature

  @Test
  void rfc8785ExampleIsCanonicalizedExactly() {
    // RFC 8785 §3.2.2 example input; its expected output is the RFC's.
    String input =
        "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
            + " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
            + " \"literals\": [null, true, false]}";
    assertThat(EnvelopeSignature.signedText(parse(input)))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void theSignatureMemberIsNotSignedAndKeysSortAtEveryDepth() {
    Map<String, Object> a = parse("{\"b\":{\"z\":1,\"a\":[2,1]},\"a\":\"x\",\"signature\":{}}");
    Map<String, Object> b = parse("{\"a\":\"x\",\"b\":{\"a\":[2,1],\"z\":1.0}}");
    assertThat(EnvelopeSignature.signedText(a))
        .isEqualTo("{\"a\":\"x\",\"b\":{\"a\":[2,1],\"z\":1}}")
        .isEqualTo(EnvelopeSignature.signedText(b));
  }

  @Test
  void aKnownSignatureVerifies() {
    Map<String, Object> outbound = parse("{\"envelope_id\":\"env_1\",\"timestamp\":\"t\"}");
    // printf '%s' '{"envelope_id":"env_1","timestamp":"t"}' | openssl dgst -sha256 -hmac <KEY>
    assertThat(HexFormat.of().formatHex(EnvelopeSignature.sign(KEY, outbound)))
        .isEqualTo("ec9bb5b12894f53a6e910d9cb111253f072a1bfeb4e4bd6e3a1c1791404e085b");
    EnvelopeSignature.verify(KEY, outbound, EnvelopeSignature.sign(KEY, outbound));
  }

  @Test
  void oneFlippedBitIsRefused_scenario5() {
    Map<String, Object> outbound = parse("{\"a\":1}");
    byte[] sig = EnvelopeSignature.sign(KEY, outbound);
    for (int bit = 0; bit < sig.length * 8; bit += 37) {
      byte[] flipped = sig.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> EnvelopeSignature.verify(KEY, outbound, flipped))
          .isInstanceOf(EnvelopeSignatureException.class)
          .hasMessageContaining("is not the HMAC-SHA256");
    }
    byte[] truncated = java.util.Arrays.copyOf(sig, sig.length - 1);
    assertThatThrownBy(() -> EnvelopeSignature.verify(KEY, outbound, truncated))
        .isInstanceOf(EnvelopeSignatureException.class);
    Map<String, Object> altered = parse("{\"a\":2}");
    assertThatThrownBy(() -> EnvelopeSignature.verify(KEY, altered, sig))
        .isInstanceOf(EnvelopeSignatureException.class);
  }

  @Test
  void withoutAKeyEverySignatureIsRefused_failClosed() {
    Map<String, Object> outbound = parse("{\"a\":1}");
    byte[] sig = EnvelopeSignature.sign(KEY, outbound);
    assertThatThrownBy(() -> EnvelopeSignature.verify(null, outbound, sig))
        .isInstanceOf(EnvelopeSignatureException.class)
        .hasMessageContaining("no envelope signing key is configured");
    assertThatThrownBy(() -> EnvelopeSignature.verify(new byte[0], outbound, sig))
        .isInstanceOf(EnvelopeSignatureException.class);
    assertThatThrownBy(() -> EnvelopeSignature.verify(KEY, outbound, new byte[0]))
        .hasMessage("envelope.signature is missing");
  }

  @Test
  void aLoneSurrogateHasNoCanonicalFormAndIsRefused() {
    Map<String, Object> outbound = new LinkedHashMap<>();
    outbound.put("a", "x\uD800y");
    assertThatThrownBy(() -> EnvelopeSignature.verify(KEY, outbound, new byte[32]))
        .isInstanceOf(EnvelopeSignatureException.class)
        .hasMessageContaining("RFC 8785");
  }

  // ----------------------------------------------------------------------------- routing

  static final String OUTBOUND =
      "{\"envelope_schema_version\":\"1.0.0\",\"envelope_id\":\"env_1\","
          + "\"timestamp\":\"2026-06-10T00:00:00.000000Z\","
          + "\"identity_context\":{\"actor_id\":\"a-1\",\"actor_type\":\"agent\"},"
          + "\"session_context\":{\"session_id\":\"sess-1\",\"assembly_id\":\"WG-1\"},"
          + "\"governance_context\":{\"work_order_id\":\"WO-1\",\"evidence_chain_root\":\"r\"},"
          + "\"work_graph\":{\"durable_objects\":{\"org_id\":\"org-a\","
          + "\"elucidation_artifact_id\":\"ELC-1\"}},"
          + "\"signature\":{\"algorithm\":\"HMAC-SHA256\"}}";

  @Test
  void routingFieldsComeFromTheOutboundEnvelopeWithTheSpecsDefaults() {
    Submission s =
        Submission.of(
            envelope("1.0.0", " agent ", "BCO-9"),
            OutboundEnvelope.of(parse(OUTBOUND)),
            () -> "new-id",
            Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(s.sessionId()).isEqualTo("sess-1");
    assertThat(s.orgId()).isEqualTo("org-a");
    assertThat(s.workOrderId()).isEqualTo("WO-1");
    assertThat(s.assemblyId()).isEqualTo("WG-1");
    assertThat(s.repoId()).isEqualTo("WG-1");
    assertThat(s.dispositionEventId()).isEqualTo("WO-1");
    assertThat(s.elucidationArtifactId()).isEqualTo("ELC-1");
    assertThat(s.issuedAt()).isEqualTo("2026-06-10T00:00:00.000000Z");
    assertThat(s.requireHumanApproval()).isTrue();
    assertThat(s.policyRequest()).isEqualTo(new PolicyRequest("sess-1", "agent", "BCO-9"));
    CommissioningSignal signal = s.signal();
    assertThat(signal.sessionId()).isEqualTo("sess-1");
    assertThat(signal.orgId()).isEqualTo("org-a");
    assertThat(signal.requireHumanApproval()).isTrue();
  }

  @Test
  void orgFallsBackToTopLevelDurableObjectsAndSessionIdIsMintedWhenAbsent_Q5() {
    Map<String, Object> o =
        parse(
            "{\"session_context\":{},\"governance_context\":{\"work_order_id\":\"WO-2\"},"
                + "\"durable_objects\":{\"org_id\":\"org-b\",\"disposition_event_id\":\"DE-2\","
                + "\"repo_id\":\"repo-2\",\"require_human_approval\":false}}");
    Submission s =
        Submission.of(
            envelope("1.0.0", "human", "BCO-1"),
            OutboundEnvelope.of(o),
            () -> "minted-1",
            Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(s.sessionId()).isEqualTo("minted-1");
    assertThat(s.orgId()).isEqualTo("org-b");
    assertThat(s.dispositionEventId()).isEqualTo("DE-2");
    assertThat(s.repoId()).isEqualTo("repo-2");
    assertThat(s.issuedAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(s.requireHumanApproval()).isFalse();
  }

  @Test
  void withoutOrgTheSubmissionCannotBeRouted() {
    Submission s =
        Submission.of(
            envelope("1.0.0", "agent", "BCO-1"),
            OutboundEnvelope.of(parse("{\"governance_context\":{\"work_order_id\":\"WO-3\"}}")),
            () -> "s-3",
            Instant.now());
    assertThatThrownBy(s::signal)
        .isInstanceOf(RoutingRefusedException.class)
        .hasMessageContaining("work_graph.durable_objects.org_id is required");
  }

  @Test
  void aSignalCommissioningRefusesNamesTheMissingField() {
    Submission s =
        Submission.of(
            envelope("1.0.0", "agent", "BCO-1"),
            OutboundEnvelope.of(
                parse(
                    "{\"session_context\":{\"assembly_id\":\"WG-4\"},"
                        + "\"governance_context\":{\"work_order_id\":\"WO-4\"},"
                        + "\"durable_objects\":{\"org_id\":\"org-c\"}}")),
            () -> "s-4",
            Instant.now());
    assertThatThrownBy(s::signal)
        .isInstanceOf(RoutingRefusedException.class)
        .hasMessageContaining("elucidationArtifactId is required");
  }

  @Test
  void aMalformedSessionIdIsAnInvalidArgument() {
    assertThatThrownBy(
            () ->
                Submission.of(
                    envelope("1.0.0", "agent", "BCO-1"),
                    OutboundEnvelope.of(parse("{\"session_context\":{\"session_id\":\"a/b\"}}")),
                    () -> "x",
                    Instant.now()))
        .isInstanceOf(InvalidGatewayRequestException.class)
        .hasMessageContaining("work_graph.session_context.session_id");
    assertThatThrownBy(() -> OutboundEnvelope.of(List.of()))
        .isInstanceOf(InvalidGatewayRequestException.class);
  }

  // --------------------------------------------------------------------------------- PDP

  @Test
  void anHttpPdpPermitsOnlyOn2xxWithTheBooleanTrue_scenario4() {
    assertThat(PolicyDecision.ofHttpAnswer(200, Map.of("permitted", true)).permitted()).isTrue();
    assertThat(PolicyDecision.ofHttpAnswer(204, Map.of("permitted", true)).permitted()).isTrue();
    assertThat(PolicyDecision.ofHttpAnswer(200, Map.of("permitted", "true")))
        .isEqualTo(PolicyDecision.deny("DENY (no reason provided)"));
    assertThat(PolicyDecision.ofHttpAnswer(200, Map.of("permitted", false, "reason", "no budget")))
        .isEqualTo(PolicyDecision.deny("no budget"));
    assertThat(PolicyDecision.ofHttpAnswer(500, Map.of("permitted", true)))
        .isEqualTo(PolicyDecision.deny("PDP returned HTTP 500"));
    assertThat(PolicyDecision.ofHttpAnswer(302, null).reason()).isEqualTo("PDP returned HTTP 302");
    assertThat(PolicyDecision.ofHttpAnswer(200, null).permitted()).isFalse();
    assertThat(PolicyDecision.ofHttpAnswer(200, List.of(true)).permitted()).isFalse();
  }

  @Test
  void theDefaultPdpPermitsOnlyConfiguredActorTypes() {
    PermittedActorsPolicy pdp = new PermittedActorsPolicy(Set.of(" agent", "human ", " "));
    assertThat(pdp.permitted()).containsExactlyInAnyOrder("agent", "human");
    assertThat(pdp.evaluate(new PolicyRequest("s", "agent", "BCO-1")).permitted()).isTrue();
    PolicyDecision d = pdp.evaluate(new PolicyRequest("s", "system", "BCO-1"));
    assertThat(d.permitted()).isFalse();
    assertThat(d.reason()).isEqualTo("actor type \"system\" is not permitted");
    assertThat(new PermittedActorsPolicy(Set.of()).evaluate(new PolicyRequest("s", "agent", "B")))
        .extracting(PolicyDecision::permitted)
        .isEqualTo(false);
  }

  // ------------------------------------------------------------------ cancel, acknowledge

  @Test
  void cancelAndAcknowledgeCheckTheirRequiredMembers_scenario10() {
    assertThatThrownBy(() -> CancelRequest.of(" ", "r")).hasMessage("session_id is required");
    assertThat(CancelRequest.of("s-1", "")).isEqualTo(new CancelRequest("s-1", null));
    assertThatThrownBy(() -> ReviewAcknowledgement.of("s", "", "approved", null))
        .hasMessage("session_id, review_id, and decision are required");
    assertThatThrownBy(() -> ReviewAcknowledgement.of("s", "r", "maybe", null))
        .isInstanceOf(InvalidGatewayRequestException.class)
        .hasMessage("decision must be one of approved, rejected, amended, got \"maybe\"");
    assertThat(ReviewAcknowledgement.of("s", "r", "amended", "n").decision())
        .isEqualTo(ReviewDecision.AMENDED);
    assertThatThrownBy(() -> CancelRequest.of("s", "x".repeat(2001)))
        .hasMessageContaining("at most 2000");
  }

  @Test
  void streamModesFilterByKindGroup_Q9() {
    assertThat(StreamMode.ALL.admits("BEAD_CLAIMED")).isTrue();
    assertThat(StreamMode.UNSPECIFIED.admits("BEAD_CLAIMED")).isTrue();
    assertThat(StreamMode.TERMINAL_ONLY.admits("SESSION_COMPLETED")).isTrue();
    assertThat(StreamMode.TERMINAL_ONLY.admits("COMPILATION_STARTED")).isFalse();
    assertThat(StreamMode.STATE_TRANSITIONS.admits("COMPILATION_STARTED")).isTrue();
    assertThat(StreamMode.STATE_TRANSITIONS.admits("MONITORED")).isTrue();
    assertThat(StreamMode.STATE_TRANSITIONS.admits("BEAD_CLAIMED")).isFalse();
    assertThat(StreamMode.STATE_TRANSITIONS.admits("SESSION_CANCELLED")).isTrue();
  }

  @Test
  void aCallerReachesOnlyTheOrgsOfItsToken() {
    GatewayCaller c = new GatewayCaller("op", false, Set.of("org-a"));
    c.requireOrg("org-a");
    assertThatThrownBy(() -> c.requireOrg("org-b")).hasMessageContaining("org-b");
    assertThat(new GatewayCaller("adm", true, Set.of()).mayAccessOrg("org-b")).isTrue();
    assertThat(new GatewayCaller("x", false, Set.of("*")).mayAccessOrg("org-b")).isTrue();
  }

  // ----------------------------------------------------------------------------- helpers

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String json) {
    return (Map<String, Object>) java(Json.createReader(new StringReader(json)).readValue());
  }

  static Object java(JsonValue v) {
    return switch (v.getValueType()) {
      case NULL -> null;
      case TRUE -> true;
      case FALSE -> false;
      case STRING -> ((JsonString) v).getString();
      case NUMBER -> ((JsonNumber) v).bigDecimalValue();
      case OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        ((JsonObject) v).forEach((k, x) -> m.put(k, java(x)));
        yield m;
      }
      case ARRAY -> {
        List<Object> l = new ArrayList<>();
        ((JsonArray) v).forEach(x -> l.add(java(x)));
        yield l;
      }
    };
  }
}
