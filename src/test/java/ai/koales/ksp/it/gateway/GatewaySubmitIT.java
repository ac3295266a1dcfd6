package ai.koales.ksp.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Connect;
import ai.koales.ksp.it.support.FakePdp;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SubmitSession's front door (edges.md §2.1 steps 1-6, §2.2, §3.4, §3.11): every refusal answers a
 * Connect error with its HTTP status before any stream opens, in the order envelope, signature,
 * caller, PDP, routing; a refused submission creates no session and, before the PDP step, does not
 * call the PDP.
 */
@SystemTest
class GatewaySubmitIT {

  static final Duration WAIT = Duration.ofSeconds(30);

  static JsonObject envelopeWith(JsonObject request, String member, String value) {
    JsonObject e = request.getJsonObject("envelope");
    return Json.createObjectBuilder(request)
        .add("envelope", Json.createObjectBuilder(e).add(member, value))
        .build();
  }

  static void assertRefused(Connect.Stream s, int status, String code, String message) {
    assertThat(s.status()).isEqualTo(status);
    assertThat(s.contentType()).startsWith("application/json");
    assertThat(s.error().getString("code")).isEqualTo(code);
    assertThat(s.error().getString("message")).isEqualTo(message);
  }

  @Test
  void aWrongSchemaVersionIsInvalidArgumentNamingTheFieldWithoutPdpCall_scenario1(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-s1");
    String id = Gateway.newSessionId("s1");
    JsonObject request =
        envelopeWith(g.submission(id, "ELC-1", "BCO-1"), "envelopeSchemaVersion", "0.9.0");
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, request.toString())) {
      assertRefused(
          s,
          400,
          "invalid_argument",
          "envelope.envelope_schema_version must be \"1.0.0\", got \"0.9.0\"");
    }
    assertThat(FakePdp.callsFor(id)).isEmpty();
    g.assertNoSession(id);
  }

  @Test
  void blankActorTypeOrAPurposeWithoutBcoIsRefusedFieldByField_scenario2(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-s2");
    String id = Gateway.newSessionId("s2");
    JsonObject valid = g.submission(id, "ELC-1", "BCO-1");
    try (Connect.Stream s =
        g.connect.stream(
            "SubmitSession", g.operator, envelopeWith(valid, "actorType", "   ").toString())) {
      assertRefused(
          s, 400, "invalid_argument", "envelope.actor_type must not be blank, got \"   \"");
    }
    for (String purpose : new String[] {"PUR-7", "bco-7"}) {
      try (Connect.Stream s =
          g.connect.stream(
              "SubmitSession", g.operator, envelopeWith(valid, "purposeId", purpose).toString())) {
        assertRefused(
            s,
            400,
            "invalid_argument",
            "envelope.purpose_id must start with \"BCO-\", got \"" + purpose + "\"");
      }
    }
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, "{\"envelope\":")) {
      assertRefused(s, 400, "invalid_argument", "request body is not valid JSON");
    }
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, "{\"streamMode\":1}")) {
      assertRefused(s, 400, "invalid_argument", "envelope is required");
    }
    // The proto name is accepted as well as lowerCamel (edges §1.1).
    JsonObject e = valid.getJsonObject("envelope");
    JsonObject snake =
        Json.createObjectBuilder()
            .add(
                "envelope",
                Json.createObjectBuilder()
                    .add("envelope_schema_version", "1.0.0")
                    .add("actor_type", " ")
                    .add("purpose_id", "BCO-1")
                    .add("work_graph", e.getString("workGraph"))
                    .add("signature", e.getString("signature")))
            .build();
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, snake.toString())) {
      assertRefused(s, 400, "invalid_argument", "envelope.actor_type must not be blank, got \" \"");
    }
    assertThat(FakePdp.callsFor(id)).isEmpty();
    g.assertNoSession(id);
  }

  @Test
  void aSignatureWithOneFlippedBitIsUnauthenticatedWithoutPdpCall_scenario5(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-s5");
    String id = Gateway.newSessionId("s5");
    JsonObject outbound =
        Connect.outbound(id, g.org, "WO-1", Map.of("elucidation_artifact_id", "ELC-1")).build();
    byte[] signature = Connect.sign(outbound);
    signature[7] ^= 0x10;
    JsonObject request = Connect.submit(outbound, "1.0.0", "agent", "BCO-1", signature);
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, request.toString())) {
      assertThat(s.status()).isEqualTo(401);
      assertThat(s.error().getString("code")).isEqualTo("unauthenticated");
      assertThat(s.error().getString("message")).contains("envelope.signature");
    }
    // A correct signature over another work graph is just as wrong.
    JsonObject other = Connect.outbound(id, g.org, "WO-2", Map.of()).build();
    JsonObject swapped = Connect.submit(outbound, "1.0.0", "agent", "BCO-1", Connect.sign(other));
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, swapped.toString())) {
      assertThat(s.status()).isEqualTo(401);
    }
    JsonObject unsigned = Connect.submit(outbound, "1.0.0", "agent", "BCO-1", new byte[0]);
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, unsigned.toString())) {
      assertRefused(s, 401, "unauthenticated", "envelope.signature is missing");
    }
    assertThat(FakePdp.callsFor(id)).isEmpty();
    g.assertNoSession(id);
  }

  @Test
  void aPdpAnsweringAfterThreeAndAHalfSecondsIsDeniedAtThreeAndCreatesNoSession_scenario3(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-s3");
    String id = Gateway.newSessionId("s3");
    JsonObject request = g.submission(id, "ELC-1", FakePdp.SLOW);
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, request.toString())) {
      assertRefused(s, 403, "permission_denied", "PDP request timed out (3s)");
      // Denied at the budget, before the PDP would have answered (3.5 s).
      assertThat(s.answeredAfter()).isBetween(Duration.ofMillis(2900), Duration.ofMillis(3499));
    }
    assertThat(FakePdp.callsFor(id)).hasSize(1);
    g.assertNoSession(id);
  }

  @Test
  void aFailingPdpOrAStringTrueIsADenial_scenario4(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-s4");
    String failing = Gateway.newSessionId("s4a");
    try (Connect.Stream s =
        g.connect.stream(
            "SubmitSession",
            g.operator,
            g.submission(failing, "ELC-1", FakePdp.FAILING).toString())) {
      assertRefused(s, 403, "permission_denied", "PDP returned HTTP 500");
    }
    String stringTrue = Gateway.newSessionId("s4b");
    try (Connect.Stream s =
        g.connect.stream(
            "SubmitSession",
            g.operator,
            g.submission(stringTrue, "ELC-1", FakePdp.STRING_TRUE).toString())) {
      assertRefused(s, 403, "permission_denied", "DENY (no reason provided)");
    }
    String denied = Gateway.newSessionId("s4c");
    try (Connect.Stream s =
        g.connect.stream(
            "SubmitSession",
            g.operator,
            g.submission(denied, "ELC-1", FakePdp.DENYING).toString())) {
      assertRefused(s, 403, "permission_denied", FakePdp.DENY_REASON);
    }
    for (String id : new String[] {failing, stringTrue, denied}) {
      assertThat(FakePdp.callsFor(id)).hasSize(1);
      g.assertNoSession(id);
    }
    // What the PDP was asked, with the configured API key.
    FakePdp.Call call = FakePdp.callsFor(failing).get(0);
    assertThat(call.actorType()).isEqualTo("agent");
    assertThat(call.purposeId()).isEqualTo(FakePdp.FAILING);
    assertThat(call.authorization()).isEqualTo("Bearer " + FakePdp.API_KEY);
  }

  @Test
  void withoutOrgOrWithASignalCommissioningRefusesItIsAFailedPrecondition_scenario6(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-s6");
    String noOrg = Gateway.newSessionId("s6a");
    JsonObject orgless =
        Connect.submit(
            Connect.outbound(noOrg, null, "WO-1", Map.of("elucidation_artifact_id", "ELC-1"))
                .build(),
            "agent",
            "BCO-1");
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, orgless.toString())) {
      assertThat(s.status()).isEqualTo(400);
      assertThat(s.error().getString("code")).isEqualTo("failed_precondition");
      assertThat(s.error().getString("message"))
          .startsWith("work_graph.durable_objects.org_id is required");
    }
    g.assertNoSession(noOrg);
    String noElucidation = Gateway.newSessionId("s6b");
    try (Connect.Stream s =
        g.connect.stream(
            "SubmitSession", g.operator, g.submission(noElucidation, null, "BCO-1").toString())) {
      assertThat(s.status()).isEqualTo(400);
      assertThat(s.error().getString("code")).isEqualTo("failed_precondition");
      assertThat(s.error().getString("message")).contains("elucidationArtifactId is required");
    }
    g.assertNoSession(noElucidation);
  }

  @Test
  void aResubmittedSessionIsTheSameSessionAndItsStreamOpensAgain_scenario6(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-dup");
    String id = Gateway.newSessionId("dup");
    // No elucidation node: commissioning fails the session at its first pass, which ends the
    // stream.
    JsonObject request = g.submission(id, "ELC-missing", "BCO-1");
    String firstEnd;
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, request.toString())) {
      assertThat(s.status()).isEqualTo(200);
      var frames = s.untilEnd(WAIT);
      assertThat(frames.get(0).json().getString("kind")).isEqualTo("SESSION_SUBMITTED");
      firstEnd = frames.get(frames.size() - 2).json().getString("seq");
    }
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.operator, request.toString())) {
      assertThat(s.status()).isEqualTo(200);
      var frames = s.untilEnd(WAIT);
      assertThat(frames.get(0).json().getString("seq")).isEqualTo("1");
      assertThat(frames.get(frames.size() - 2).json().getString("seq")).isEqualTo(firstEnd);
    }
    assertThat(ksp.db().count("SELECT COUNT(*) FROM ca_session WHERE session_id = ?", id))
        .isEqualTo(1);
  }

  @Test
  void callersNeedATokenAnOperatorRoleAndTheSessionsOrg(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-auth");
    String id = Gateway.newSessionId("auth");
    String body = g.submission(id, "ELC-1", "BCO-1").toString();
    try (Connect.Stream s = g.connect.stream("SubmitSession", null, body)) {
      assertThat(s.status()).isEqualTo(401);
      assertThat(s.error().getString("code")).isEqualTo("unauthenticated");
    }
    try (Connect.Stream s = g.connect.stream("SubmitSession", "not-a-jwt", body)) {
      assertThat(s.status()).isEqualTo(401);
      assertThat(s.error().getString("code")).isEqualTo("unauthenticated");
    }
    try (Connect.Stream s = g.connect.stream("SubmitSession", g.viewer, body)) {
      assertRefused(
          s, 403, "permission_denied", "SubmitSession needs role ksp-operator or ksp-admin");
    }
    String otherOrg = ksp.token(Ksp.OPERATOR, Ksp.newOrg("other"));
    try (Connect.Stream s = g.connect.stream("SubmitSession", otherOrg, body)) {
      assertRefused(
          s, 403, "permission_denied", "the token's orgs claim does not include org " + g.org);
    }
    assertThat(FakePdp.callsFor(id)).isEmpty();
    g.assertNoSession(id);
  }

  @Test
  void theProtocolAnswersMethodAndPathErrors_scenario10(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-s10");
    HttpResult get = ksp.get(Connect.PATH + "SubmitSession", g.operator);
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.header("Allow")).isEqualTo("POST");
    assertThat(get.json().getString("code")).isEqualTo("unimplemented");
    HttpResult nope = g.connect.unary("Nope", g.operator, "{}");
    assertThat(nope.status()).isEqualTo(501);
    assertThat(nope.json().getString("code")).isEqualTo("unimplemented");
    assertThat(nope.json().getString("message"))
        .isEqualTo("weops.factory.v1.FactoryGateway/Nope is not implemented");
    HttpResult maybe =
        g.connect.unary(
            "AcknowledgeReview",
            g.operator,
            "{\"sessionId\":\"s\",\"reviewId\":\"r\",\"decision\":\"maybe\"}");
    assertThat(maybe.status()).isEqualTo(400);
    assertThat(maybe.json().getString("code")).isEqualTo("invalid_argument");
    assertThat(maybe.json().getString("message"))
        .isEqualTo("decision must be one of approved, rejected, amended, got \"maybe\"");
    HttpResult missing = g.connect.unary("AcknowledgeReview", g.operator, "{\"sessionId\":\"s\"}");
    assertThat(missing.json().getString("message"))
        .isEqualTo("session_id, review_id, and decision are required");
    HttpResult cancel = g.connect.unary("CancelSession", g.operator, "{}");
    assertThat(cancel.status()).isEqualTo(400);
    assertThat(cancel.json().getString("message")).isEqualTo("session_id is required");
    HttpResult text =
        ksp.send(
            ksp.request(Connect.PATH + "CancelSession", g.operator)
                .header("Content-Type", "text/plain")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "x", StandardCharsets.UTF_8)));
    assertThat(text.status()).isEqualTo(415);
  }
}
