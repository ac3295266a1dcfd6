package ai.koales.ksp.web.gateway;

import ai.koales.factory.v1.FactoryProto.AcknowledgeReviewRequest;
import ai.koales.factory.v1.FactoryProto.AcknowledgeReviewResponse;
import ai.koales.factory.v1.FactoryProto.CancelSessionRequest;
import ai.koales.factory.v1.FactoryProto.CancelSessionResponse;
import ai.koales.factory.v1.FactoryProto.ResumeStreamRequest;
import ai.koales.factory.v1.FactoryProto.SubmitSessionRequest;
import ai.koales.factory.v1.FactoryProto.WGSPEnvelopeProto;
import ai.koales.ksp.domain.gateway.CancelRequest;
import ai.koales.ksp.domain.gateway.GatewayCaller;
import ai.koales.ksp.domain.gateway.GatewayReply;
import ai.koales.ksp.domain.gateway.ReviewAcknowledgement;
import ai.koales.ksp.domain.gateway.StreamMode;
import ai.koales.ksp.domain.gateway.WgspEnvelope;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.persistence.gateway.FactoryGatewayService;
import ai.koales.ksp.persistence.gateway.GatewaySettings;
import ai.koales.ksp.web.gateway.ConnectCodec.Format;
import ai.koales.ksp.web.platform.BearerTokens;
import ai.koales.ksp.web.platform.Correlation;
import ai.koales.ksp.web.platform.Identity;
import ai.koales.ksp.web.platform.Roles;
import com.google.protobuf.Message;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Connect gateway (edges.md §2.1): {@code POST /weops.factory.v1.FactoryGateway/{method}} over
 * HTTP/1.1, JSON ({@code application/json}, {@code application/connect+json}) or protobuf binary
 * ({@code application/proto}, {@code application/connect+proto}). Thin: it speaks the protocol and
 * hands each call to {@link FactoryGatewayService}.
 *
 * <ul>
 *   <li>Non-POST 405, an unknown method 501 {@code unimplemented}, an unexpected failure 500 {@code
 *       internal}; unary errors and refused streams answer {@code {"code","message"}} with the
 *       code's HTTP status (invalid_argument 400, unauthenticated 401, permission_denied 403,
 *       not_found 404, failed_precondition 400, unavailable 503, deadline_exceeded 504).
 *   <li>Every call needs a bearer JWT with a KSP role (v3 §2.5, §8 Q7). SubmitSession,
 *       CancelSession and AcknowledgeReview change a session: {@code ksp-operator} or {@code
 *       ksp-admin}. ResumeStream reads one: any KSP role, like every other stream reader (api.md
 *       "Streams"). The org rule applies to all four.
 *   <li>SubmitSession's checks (envelope, signature, caller's org, PDP, routing) answer with an
 *       HTTP error status before the stream opens; ResumeStream's request checks likewise;
 *       everything about the session itself (unknown: {@code not_found}; another org: {@code
 *       permission_denied}) ends an opened stream (HTTP 200) with an end-of-stream error.
 *   <li>Streams honour {@code Connect-Timeout-Ms} (then {@code deadline_exceeded}).
 * </ul>
 */
@WebServlet(urlPatterns = FactoryGatewayServlet.PATH + "/*", asyncSupported = true)
public class FactoryGatewayServlet extends HttpServlet {

  static final String SERVICE = "weops.factory.v1.FactoryGateway";
  static final String PATH = "/" + SERVICE;

  /** When the call arrived (System.nanoTime()): Connect-Timeout-Ms counts from there. */
  private static final String STARTED = "ksp.gateway.started";

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(FactoryGatewayServlet.class.getName());

  @Inject FactoryGatewayService gateway;
  @Inject BearerTokens tokens;
  @Inject GatewaySettings settings;

  /** The RPCs, and whether they change a session (operator) or read one (any role). */
  private enum Rpc {
    SubmitSession(true),
    CancelSession(true),
    AcknowledgeReview(true),
    ResumeStream(false);

    final boolean writes;

    Rpc(boolean writes) {
      this.writes = writes;
    }

    static Rpc named(String name) {
      for (Rpc r : values()) {
        if (r.name().equals(name)) {
          return r;
        }
      }
      return null;
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    req.setAttribute(STARTED, System.nanoTime());
    try {
      if (!"POST".equals(req.getMethod())) {
        res.setHeader("Allow", "POST");
        throw new ConnectError(
            ConnectCode.UNIMPLEMENTED,
            "Connect RPCs are called with POST, not " + req.getMethod(),
            405);
      }
      String name = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
      Rpc rpc = Rpc.named(name);
      if (rpc == null) {
        throw new ConnectError(
            ConnectCode.UNIMPLEMENTED, SERVICE + "/" + name + " is not implemented");
      }
      Identity identity = tokens.verify(req.getHeader("Authorization"));
      if (rpc.writes
          && !identity.roles().contains(Roles.OPERATOR)
          && !identity.roles().contains(Roles.ADMIN)) {
        throw new ConnectError(
            ConnectCode.PERMISSION_DENIED,
            rpc + " needs role " + Roles.OPERATOR + " or " + Roles.ADMIN);
      }
      GatewayCaller caller =
          new GatewayCaller(identity.subject(), identity.isAdmin(), identity.orgs());
      switch (rpc) {
        case SubmitSession -> submit(req, res, caller);
        case ResumeStream -> resume(req, res, caller);
        case CancelSession -> cancel(req, res, caller);
        case AcknowledgeReview -> acknowledge(req, res, caller);
      }
    } catch (ConnectError e) {
      error(req, res, e.code(), e.getMessage(), e.httpStatus());
    } catch (KspException e) {
      ConnectCode code = ConnectCode.of(e.kind());
      error(req, res, code, e.getMessage(), code.httpStatus());
    } catch (RuntimeException e) {
      String id = Correlation.of(req);
      LOG.log(Level.SEVERE, "Connect call " + req.getRequestURI() + " failed [" + id + "]", e);
      error(
          req,
          res,
          ConnectCode.INTERNAL,
          "internal error (correlation id " + id + ")",
          ConnectCode.INTERNAL.httpStatus());
    }
  }

  // ------------------------------------------------------------------------------- the RPCs

  private void submit(HttpServletRequest req, HttpServletResponse res, GatewayCaller caller)
      throws IOException {
    Format format = ConnectCodec.streamFormat(req.getContentType());
    Long timeout = timeout(req);
    SubmitSessionRequest r =
        ConnectCodec.parse(
                streamMessage(req, format),
                format,
                SubmitSessionRequest.newBuilder(),
                List.of("envelope"))
            .build();
    if (!r.hasEnvelope()) {
      throw ConnectCodec.invalid("envelope is required");
    }
    WGSPEnvelopeProto e = r.getEnvelope();
    String sessionId =
        gateway.submit(
            new WgspEnvelope(
                e.getEnvelopeSchemaVersion(),
                e.getActorType(),
                e.getPurposeId(),
                e.getWorkGraph().toByteArray(),
                e.getSignature().toByteArray()),
            caller);
    stream(req, res, format, timeout, sessionId, 0, mode(r.getStreamModeValue()), caller);
  }

  private void resume(HttpServletRequest req, HttpServletResponse res, GatewayCaller caller)
      throws IOException {
    Format format = ConnectCodec.streamFormat(req.getContentType());
    Long timeout = timeout(req);
    ResumeStreamRequest r =
        ConnectCodec.parse(
                streamMessage(req, format), format, ResumeStreamRequest.newBuilder(), List.of())
            .build();
    String sessionId = r.getSessionId();
    if (sessionId.isBlank()) {
      throw ConnectCodec.invalid("session_id is required");
    }
    if (!DomainEvent.STREAM_ID.matcher(sessionId).matches()) {
      throw ConnectCodec.invalid(
          "session_id must match " + DomainEvent.STREAM_ID.pattern() + " (a session's stream id)");
    }
    // uint64 on the wire: above 2^63-1 it reads negative here, and no stream is that long.
    if (r.getFromSequence() < 0) {
      throw new ConnectError(
          ConnectCode.OUT_OF_RANGE,
          "from_sequence " + Long.toUnsignedString(r.getFromSequence()) + " is out of range");
    }
    stream(
        req,
        res,
        format,
        timeout,
        sessionId,
        r.getFromSequence(),
        mode(r.getStreamModeValue()),
        caller);
  }

  private void cancel(HttpServletRequest req, HttpServletResponse res, GatewayCaller caller)
      throws IOException {
    Format format = ConnectCodec.unaryFormat(req.getContentType());
    CancelSessionRequest r =
        ConnectCodec.parse(unaryBody(req), format, CancelSessionRequest.newBuilder(), List.of())
            .build();
    GatewayReply reply = gateway.cancel(CancelRequest.of(r.getSessionId(), r.getReason()), caller);
    unary(
        res,
        format,
        CancelSessionResponse.newBuilder()
            .setAccepted(reply.accepted())
            .setReason(reply.reason())
            .build());
  }

  private void acknowledge(HttpServletRequest req, HttpServletResponse res, GatewayCaller caller)
      throws IOException {
    Format format = ConnectCodec.unaryFormat(req.getContentType());
    AcknowledgeReviewRequest r =
        ConnectCodec.parse(unaryBody(req), format, AcknowledgeReviewRequest.newBuilder(), List.of())
            .build();
    GatewayReply reply =
        gateway.acknowledge(
            ReviewAcknowledgement.of(
                r.getSessionId(),
                r.getReviewId(),
                r.getDecision(),
                r.hasNote() ? r.getNote() : null),
            caller);
    unary(
        res,
        format,
        AcknowledgeReviewResponse.newBuilder()
            .setAccepted(reply.accepted())
            .setReason(reply.reason())
            .build());
  }

  // ------------------------------------------------------------------------------ protocol

  /**
   * Opens the stream (HTTP 200 from here on) and follows the session after {@code after}; whatever
   * refuses the session now ends the stream with an end-of-stream error.
   */
  private void stream(
      HttpServletRequest req,
      HttpServletResponse res,
      Format format,
      Long timeout,
      String sessionId,
      long after,
      StreamMode mode,
      GatewayCaller caller)
      throws IOException {
    res.setStatus(HttpServletResponse.SC_OK);
    res.setContentType(
        format == Format.PROTO ? ConnectCodec.STREAM_PROTO : ConnectCodec.STREAM_JSON);
    AsyncContext async = req.startAsync();
    // The deadline covers the whole call, the submission's checks (and its PDP wait) included.
    long spentMs = (System.nanoTime() - (Long) req.getAttribute(STARTED)) / 1_000_000;
    async.setTimeout(timeout == null ? 0 : Math.max(1, timeout - spentMs));
    OutputStream out = res.getOutputStream();
    res.flushBuffer();
    ConnectStream sink;
    try {
      sink =
          new ConnectStream(
              async,
              out,
              format,
              mode,
              new SessionEvents(sessionId, gateway.workOrderOf(sessionId)),
              after);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Connect stream of session " + sessionId + " could not start", e);
      out.write(
          ConnectCodec.frame(
              ConnectCodec.END_STREAM,
              ConnectCodec.endStream(ConnectCode.INTERNAL, "the stream could not start")));
      async.complete();
      return;
    }
    try {
      sink.attach(gateway.follow(sessionId, after, caller.reader(), sink));
    } catch (KspException e) {
      sink.finish(ConnectCode.of(e.kind()), e.getMessage());
    } catch (RuntimeException e) {
      String id = Correlation.of(req);
      LOG.log(Level.SEVERE, "Following session " + sessionId + " failed [" + id + "]", e);
      sink.finish(ConnectCode.INTERNAL, "internal error (correlation id " + id + ")");
    }
  }

  private byte[] streamMessage(HttpServletRequest req, Format format) throws IOException {
    int max = settings.maxRequestBytes();
    return ConnectCodec.streamMessage(
        ConnectCodec.body(req.getInputStream(), null, max),
        format,
        req.getHeader("Connect-Content-Encoding"),
        max);
  }

  private byte[] unaryBody(HttpServletRequest req) throws IOException {
    return ConnectCodec.body(
        req.getInputStream(), req.getHeader("Content-Encoding"), settings.maxRequestBytes());
  }

  private static void unary(HttpServletResponse res, Format format, Message message)
      throws IOException {
    byte[] body = ConnectCodec.encode(message, format);
    res.setStatus(HttpServletResponse.SC_OK);
    res.setContentType(format == Format.PROTO ? ConnectCodec.UNARY_PROTO : ConnectCodec.UNARY_JSON);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  private static void error(
      HttpServletRequest req, HttpServletResponse res, ConnectCode code, String message, int status)
      throws IOException {
    if (res.isCommitted()) {
      return;
    }
    byte[] body = ConnectCodec.error(code, message);
    res.setStatus(status);
    res.setContentType(ConnectCodec.UNARY_JSON);
    res.setHeader(Correlation.HEADER, Correlation.of(req));
    if (status == 401) {
      res.setHeader("WWW-Authenticate", "Bearer realm=\"ksp\"");
    }
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  /** {@code Connect-Timeout-Ms}: a positive integer of at most 10 digits, or absent. */
  private static Long timeout(HttpServletRequest req) {
    String t = req.getHeader("Connect-Timeout-Ms");
    if (t == null) {
      return null;
    }
    if (!t.matches("[0-9]{1,10}") || Long.parseLong(t) == 0) {
      throw ConnectCodec.invalid("Connect-Timeout-Ms must be a positive integer of milliseconds");
    }
    return Long.parseLong(t);
  }

  private static StreamMode mode(int value) {
    return switch (value) {
      case 2 -> StreamMode.TERMINAL_ONLY;
      case 3 -> StreamMode.STATE_TRANSITIONS;
      case 1 -> StreamMode.ALL;
      default -> StreamMode.UNSPECIFIED;
    };
  }
}
