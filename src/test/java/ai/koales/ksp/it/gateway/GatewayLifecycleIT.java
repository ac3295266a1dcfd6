package ai.koales.ksp.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.Await;
import ai.koales.ksp.it.support.Connect;
import ai.koales.ksp.it.support.FakePdp;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session through the gateway end to end (edges.md §2.1): SubmitSession routes to the org's
 * commissioning and streams the session's events as they happen, replay then live, until the
 * terminal event; AcknowledgeReview and CancelSession reach the same session, and a refusal by
 * commissioning is an answer {accepted:false, reason} over HTTP 200 (§8 Q11).
 */
@SystemTest
class GatewayLifecycleIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  /** Reads frames until one of {@code kind}; returns every frame read. */
  static List<JsonObject> until(Connect.Stream s, String kind) {
    List<JsonObject> seen = new ArrayList<>();
    while (true) {
      Connect.Frame f = s.next(WAIT);
      assertThat(f).as("stream ended before %s; saw %s", kind, seen).isNotNull();
      assertThat(f.isEnd()).as("stream ended before %s: %s; saw %s", kind, f, seen).isFalse();
      JsonObject e = f.json();
      seen.add(e);
      if (e.getString("kind").equals(kind)) {
        return seen;
      }
    }
  }

  static List<String> kinds(List<Connect.Frame> frames) {
    List<String> out = new ArrayList<>();
    for (Connect.Frame f : frames) {
      out.add(
          f.isEnd()
              ? "END " + new String(f.bytes(), StandardCharsets.UTF_8)
              : f.json().getString("kind"));
    }
    return out;
  }

  /**
   * The session's events in seq order after {@code after}, exactly those of its sessionEvents (seq
   * is shared with the session's artifactWrites, which the gateway does not stream).
   */
  static void assertInOrderWithNothingMissing(
      Gateway g, String sessionId, List<JsonObject> events, long after) {
    List<Long> seqs = events.stream().map(e -> Long.parseLong(e.getString("seq"))).toList();
    long last = seqs.get(seqs.size() - 1);
    List<Long> logged =
        g
            .ksp
            .get(
                "/api/v1/streams/"
                    + sessionId
                    + "/replay?streams=sessionEvents&after="
                    + after
                    + "&limit=1000",
                g.viewer)
            .json()
            .getJsonArray("rows")
            .getValuesAs(JsonObject.class)
            .stream()
            .map(r -> r.getJsonNumber("seq").longValue())
            .filter(seq -> seq <= last)
            .toList();
    assertThat(seqs).isEqualTo(logged);
  }

  @Test
  void submitStreamsTheSessionLiveAndARejectingReviewEndsIt(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-review");
    String elc = g.elucidation("ELC-review");
    String id = Gateway.newSessionId("review");
    try (Connect.Stream s =
        g.connect.stream("SubmitSession", g.operator, g.submission(id, elc, "BCO-9").toString())) {
      assertThat(s.status()).isEqualTo(200);
      assertThat(s.contentType()).isEqualTo("application/connect+json");
      List<JsonObject> events = until(s, "REVIEW_REQUIRED");
      assertInOrderWithNothingMissing(g, id, events, 0);
      JsonObject submitted = events.get(0);
      assertThat(submitted.getString("kind")).isEqualTo("SESSION_SUBMITTED");
      assertThat(submitted.getString("sessionId")).isEqualTo(id);
      assertThat(submitted.getString("workOrderId")).isEqualTo("WO-" + id);
      assertThat(events).extracting(e -> e.getString("kind")).contains("CANDIDATE_SET_BUILT");
      JsonObject prompt = events.get(events.size() - 1).getJsonObject("reviewPrompt");
      assertThat(prompt.getString("reviewType")).isEqualTo("APPROVAL_REQUIRED");
      assertThat(Long.parseLong(prompt.getString("deadlineUnixSec")))
          .isGreaterThan(System.currentTimeMillis() / 1000);
      String reviewId = prompt.getString("reviewId");
      assertThat(reviewId).isNotEmpty();
      assertThat(s.quietFor(Duration.ofMillis(500))).as("the stream waits at the gate").isTrue();

      HttpResult wrongReview =
          g.connect.unary(
              "AcknowledgeReview",
              g.operator,
              "{\"sessionId\":\"" + id + "\",\"reviewId\":\"IS-other\",\"decision\":\"approved\"}");
      assertThat(wrongReview.status()).isEqualTo(200);
      assertThat(wrongReview.json().getBoolean("accepted")).isFalse();
      assertThat(wrongReview.json().getString("reason")).contains("is not open in session");
      HttpResult amended =
          g.connect.unary(
              "AcknowledgeReview",
              g.operator,
              "{\"session_id\":\""
                  + id
                  + "\",\"review_id\":\""
                  + reviewId
                  + "\",\"decision\":\"amended\"}");
      assertThat(amended.status()).isEqualTo(200);
      assertThat(amended.json().getBoolean("accepted")).isFalse();
      assertThat(amended.json().getString("reason")).contains("loop closure (BP4)");
      assertThat(g.status(id)).isEqualTo("suspended-approval");

      HttpResult rejected =
          g.connect.unary(
              "AcknowledgeReview",
              g.operator,
              "{\"sessionId\":\""
                  + id
                  + "\",\"reviewId\":\""
                  + reviewId
                  + "\",\"decision\":\"rejected\",\"note\":\"not this quarter\"}");
      assertThat(rejected.status()).isEqualTo(200);
      assertThat(rejected.contentType()).startsWith("application/json");
      assertThat(rejected.json().getBoolean("accepted")).isTrue();
      assertThat(rejected.json().getString("reason")).isEmpty();

      List<Connect.Frame> rest = s.untilEnd(WAIT);
      assertThat(kinds(rest)).containsExactly("REVIEW_RESOLVED", "SESSION_CANCELLED", "END {}");
      JsonObject terminal = rest.get(1).json();
      assertThat(Long.parseLong(terminal.getString("seq")))
          .isEqualTo(Long.parseLong(events.get(events.size() - 1).getString("seq")) + 2);
      assertThat(terminal.getJsonObject("terminal").getString("outcome")).isEqualTo("CANCELLED");
      assertThat(terminal.getJsonObject("terminal").getString("reason"))
          .isEqualTo("not this quarter");
    }
    HttpResult session =
        ksp.get("/api/v1/orgs/" + g.org + "/commissioning/sessions/" + id, g.viewer);
    assertThat(session.json().getString("status")).isEqualTo("rejected");
    assertThat(session.json().getJsonObject("approval").getString("decision")).isEqualTo("reject");
    assertThat(session.json().getJsonObject("approval").getString("approver"))
        .isEqualTo("ksp-operator-it");
    HttpResult again =
        g.connect.unary(
            "AcknowledgeReview",
            g.operator,
            "{\"sessionId\":\"" + id + "\",\"reviewId\":\"x\",\"decision\":\"approved\"}");
    assertThat(again.json().getBoolean("accepted")).isFalse();
    assertThat(again.json().getString("reason")).contains("not suspended-approval");
    assertThat(FakePdp.callsFor(id)).hasSize(1);
  }

  @Test
  void anApprovingReviewResumesTheSessionOnTheSameStream(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-approve");
    String elc = g.elucidation("ELC-approve");
    String id = Gateway.newSessionId("approve");
    try (Connect.Stream s =
        g.connect.stream("SubmitSession", g.operator, g.submission(id, elc, "BCO-9").toString())) {
      List<JsonObject> events = until(s, "REVIEW_REQUIRED");
      String reviewId =
          events.get(events.size() - 1).getJsonObject("reviewPrompt").getString("reviewId");
      HttpResult approved =
          g.connect.unary(
              "AcknowledgeReview",
              g.operator,
              "{\"sessionId\":\""
                  + id
                  + "\",\"reviewId\":\""
                  + reviewId
                  + "\",\"decision\":\"approved\"}");
      assertThat(approved.json().getBoolean("accepted")).isTrue();
      List<JsonObject> after = until(s, "COMPILATION_STARTED");
      assertThat(after).extracting(e -> e.getString("kind")).startsWith("APPROVAL_GRANTED");
      assertThat(after.get(0).getJsonObject("stateTransition").getString("toState"))
          .isEqualTo("APPROVAL_GRANTED");
      assertInOrderWithNothingMissing(
          g, id, after, Long.parseLong(events.get(events.size() - 1).getString("seq")));
    }
  }

  @Test
  void cancelReachesTheSessionAndEndsItsStreamAndASecondCancelIsRefused(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-cancel");
    String elc = g.elucidation("ELC-cancel");
    String id = Gateway.newSessionId("cancel");
    try (Connect.Stream s =
        g.connect.stream("SubmitSession", g.operator, g.submission(id, elc, "BCO-9").toString())) {
      assertThat(s.next(WAIT).json().getString("kind")).isEqualTo("SESSION_SUBMITTED");
      HttpResult cancel =
          g.connect.unary(
              "CancelSession",
              g.operator,
              "{\"sessionId\":\"" + id + "\",\"reason\":\"superseded by WO-2\"}");
      assertThat(cancel.status()).isEqualTo(200);
      assertThat(cancel.json().getBoolean("accepted")).isTrue();
      List<Connect.Frame> rest = s.untilEnd(WAIT);
      List<String> kinds = kinds(rest);
      assertThat(kinds.get(kinds.size() - 1)).isEqualTo("END {}");
      JsonObject last = rest.get(rest.size() - 2).json();
      assertThat(last.getString("kind")).isEqualTo("SESSION_CANCELLED");
      assertThat(last.getJsonObject("terminal").getString("reason"))
          .isEqualTo("superseded by WO-2");
    }
    assertThat(g.status(id)).isEqualTo("rejected");
    Await.until(
        "the read model says CANCELLED",
        WAIT,
        () ->
            "CANCELLED"
                .equals(
                    ksp.db()
                        .query("SELECT status FROM session_state WHERE session_id = ?", id)
                        .get(0)
                        .values()
                        .iterator()
                        .next()));
    HttpResult second =
        g.connect.unary("CancelSession", g.operator, "{\"sessionId\":\"" + id + "\"}");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().getBoolean("accepted")).isFalse();
    assertThat(second.json().getString("reason")).contains("has already ended (rejected)");
    // The job never got past the cancel: no run was compiled for the session.
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM ca_session WHERE session_id = ? AND result_run_id IS NULL",
                    id))
        .isEqualTo(1);

    // Binary: CancelSessionRequest{session_id} -> CancelSessionResponse{reason} (accepted false).
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    byte[] request = new byte[2 + idBytes.length];
    request[0] = 0x0a;
    request[1] = (byte) idBytes.length;
    System.arraycopy(idBytes, 0, request, 2, idBytes.length);
    HttpResult binary =
        ksp.send(
            ksp.request(Connect.PATH + "CancelSession", g.operator)
                .header("Content-Type", "application/proto")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)));
    assertThat(binary.status()).isEqualTo(200);
    assertThat(binary.contentType()).isEqualTo("application/proto");
    // Field 2 (reason), a length-delimited string; field 1 (false) is not written.
    assertThat(binary.body().charAt(0)).isEqualTo((char) 0x12);
    assertThat(binary.body()).contains("has already ended");
  }

  @Test
  void cancelAndReviewOfUnknownOrForeignSessionsAreRefused(Ksp ksp) {
    Gateway g = new Gateway(ksp, "gw-foreign");
    HttpResult unknown =
        g.connect.unary("CancelSession", g.operator, "{\"sessionId\":\"no-such-session\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().getString("code")).isEqualTo("not_found");

    String elc = g.elucidation("ELC-foreign");
    String id = Gateway.newSessionId("foreign");
    try (Connect.Stream s =
        g.connect.stream("SubmitSession", g.operator, g.submission(id, elc, "BCO-9").toString())) {
      assertThat(s.next(WAIT).json().getString("kind")).isEqualTo("SESSION_SUBMITTED");
    }
    String stranger = ksp.token(Ksp.OPERATOR, Ksp.newOrg("stranger"));
    HttpResult foreignCancel =
        g.connect.unary("CancelSession", stranger, "{\"sessionId\":\"" + id + "\"}");
    assertThat(foreignCancel.status()).isEqualTo(403);
    assertThat(foreignCancel.json().getString("code")).isEqualTo("permission_denied");
    HttpResult viewerCancel =
        g.connect.unary("CancelSession", g.viewer, "{\"sessionId\":\"" + id + "\"}");
    assertThat(viewerCancel.status()).isEqualTo(403);
    try (Connect.Stream s =
        g.connect.stream(
            "ResumeStream",
            ksp.token(Ksp.VIEWER, Ksp.newOrg("stranger")),
            "{\"sessionId\":\"" + id + "\"}")) {
      assertThat(s.status()).isEqualTo(200);
      List<Connect.Frame> frames = s.untilEnd(WAIT);
      assertThat(frames).hasSize(1);
      assertThat(frames.get(0).json().getJsonObject("error").getString("code"))
          .isEqualTo("permission_denied");
    }
    // The org's viewer may follow it.
    try (Connect.Stream s =
        g.connect.stream("ResumeStream", g.viewer, "{\"sessionId\":\"" + id + "\"}")) {
      assertThat(s.next(WAIT).json().getString("seq")).isEqualTo("1");
    }
    assertThat(
            g.connect
                .unary("CancelSession", g.operator, "{\"sessionId\":\"" + id + "\"}")
                .json()
                .getBoolean("accepted"))
        .isTrue();
  }
}
