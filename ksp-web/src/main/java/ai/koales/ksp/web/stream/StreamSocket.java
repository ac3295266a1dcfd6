package ai.koales.ksp.web.stream;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.ReplayCursor;
import ai.koales.ksp.domain.stream.ReplayFilter;
import ai.koales.ksp.domain.stream.ReplayUnavailableException;
import ai.koales.ksp.domain.stream.StreamId;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.persistence.platform.JsonValues;
import ai.koales.ksp.persistence.stream.EventSink;
import ai.koales.ksp.persistence.stream.LiveStreams;
import ai.koales.ksp.persistence.stream.StreamSettings;
import ai.koales.ksp.persistence.stream.Subscription;
import ai.koales.ksp.web.platform.BearerTokens;
import ai.koales.ksp.web.platform.Identity;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A session's stream over WebSocket (api.md "Streams"): {@code /ws/streams/{streamId}?after=N}. The
 * client authenticates with its JWT as the {@code access_token} query parameter or as the first
 * message (the bare token, or {@code {"access_token": "..."}}); the token needs a KSP role, and the
 * org rule applies when the stream belongs to an org. Then every event after the cursor arrives as
 * one JSON text message, in seq order, replay first and live after, without gap or duplicate. After
 * the terminal event the socket closes 1000 {@code SESSION_TERMINAL}; when the buffer expires, 1000
 * {@code REPLAY_WINDOW_EXPIRED}. Refusals close with 4400 (bad input), 4401 (no or bad token), 4403
 * (forbidden), 4404 (unknown stream), 4408 (no token in time), 4410 (REPLAY_UNAVAILABLE; its JSON
 * is sent first). Sends never wait for the client ({@link SocketSender}); one that stops reading is
 * closed 1008 {@code SLOW_CONSUMER} and resumes with {@code after} = its last seq.
 */
@ServerEndpoint("/ws/streams/{streamId}")
public class StreamSocket {

  private static final Logger LOG = Logger.getLogger(StreamSocket.class.getName());

  @Inject LiveStreams live;
  @Inject BearerTokens tokens;
  @Inject StreamSettings settings;
  @Inject Clock clock;

  @Resource ManagedScheduledExecutorService scheduler;

  private volatile SocketSender sender;
  private volatile Session session;
  private volatile String streamId;
  private volatile long after;
  private volatile ReplayFilter filter;
  private volatile boolean authenticated;
  private volatile Subscription subscription;
  private volatile ScheduledFuture<?> authTimeout;

  @OnOpen
  public void open(Session session, @PathParam("streamId") String streamId) {
    this.session = session;
    SocketSender out =
        new SocketSender(
            session, settings.sendQueue(), settings.sendTimeout().toMillis(), clock, scheduler);
    out.onSpace(
        () -> {
          Subscription s = subscription;
          if (s != null) {
            s.resume();
          }
        });
    this.sender = out;
    try {
      this.streamId = StreamId.of(streamId).value();
      this.after = ReplayCursor.parse("query.after", param("after"));
      this.filter = ReplayFilter.parse(param("streams"), param("run_id"), param("assembly_id"));
    } catch (KspException e) {
      close(4400, e.code());
      return;
    }
    String token = param("access_token");
    if (token != null) {
      authenticate(token);
    } else {
      authTimeout =
          scheduler.schedule(
              () -> {
                if (!authenticated) {
                  close(4408, "Authentication timeout");
                }
              },
              settings.authTimeout().toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  @OnMessage
  public void message(String text) {
    if (!authenticated && subscription == null) {
      authenticate(tokenFromMessage(text));
    }
  }

  /** A pong answers the keep-alive ping: the client reads ({@link SocketSender#dropIfStalled}). */
  @OnMessage
  public void pong(PongMessage pong) {
    sender.pong();
  }

  @OnClose
  public void closed(Session s, CloseReason reason) {
    cancel();
  }

  @OnError
  public void failed(Session s, Throwable t) {
    LOG.log(Level.FINE, "WebSocket error on stream " + streamId, t);
    cancel();
  }

  private void authenticate(String token) {
    ScheduledFuture<?> timeout = authTimeout;
    if (timeout != null) {
      timeout.cancel(false);
    }
    Identity identity;
    try {
      identity = tokens.verify(token);
    } catch (KspException e) {
      close(e.kind() == FailureKind.FORBIDDEN ? 4403 : 4401, e.getMessage());
      return;
    }
    authenticated = true;
    try {
      subscription =
          live.subscribe(
              streamId,
              after,
              filter,
              new StreamReader(identity.isAdmin(), identity.orgs()),
              new SocketDelivery());
    } catch (ReplayUnavailableException e) {
      sender.offer(StreamJson.replayUnavailable(e));
      sender.closeAfterSent(
          new CloseReason(
              CloseReason.CloseCodes.getCloseCode(4410), ReplayUnavailableException.CODE));
    } catch (KspException e) {
      close(closeCode(e.kind()), e.code());
    }
  }

  private static int closeCode(FailureKind kind) {
    return switch (kind) {
      case NOT_FOUND -> 4404;
      case FORBIDDEN -> 4403;
      case UNAUTHENTICATED -> 4401;
      case GONE -> 4410;
      default -> 4400;
    };
  }

  /** The bare token, or the {@code access_token} / {@code authorization} of a JSON object. */
  static String tokenFromMessage(String text) {
    String t = text == null ? "" : text.trim();
    if (t.startsWith("{")) {
      try {
        JsonObject o = JsonValues.object(JsonValues.parseObject(t));
        if (o.get("access_token") instanceof jakarta.json.JsonString s) {
          return s.getString();
        }
        if (o.get("authorization") instanceof jakarta.json.JsonString s) {
          return s.getString();
        }
      } catch (RuntimeException notJson) {
        return null;
      }
      return null;
    }
    return t;
  }

  private String param(String name) {
    Map<String, List<String>> params = session.getRequestParameterMap();
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private void cancel() {
    Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    ScheduledFuture<?> timeout = authTimeout;
    if (timeout != null) {
      timeout.cancel(false);
    }
  }

  private void close(int code, String reason) {
    try {
      if (session.isOpen()) {
        String r = reason == null ? "" : reason;
        // A close reason is limited to 123 bytes.
        session.close(
            new CloseReason(
                CloseReason.CloseCodes.getCloseCode(code),
                r.length() > 120 ? r.substring(0, 120) : r));
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "WebSocket close failed", e);
    }
  }

  /**
   * Hands the subscription's events to the socket's sender (called by one thread at a time): never
   * waits for the client, pauses the subscription while the client is behind, and drops a client
   * that stopped reading at the next keep-alive.
   */
  private final class SocketDelivery implements EventSink {

    @Override
    public boolean send(BufferedEvent event) {
      return session.isOpen() && sender.offer(StreamJson.event(event));
    }

    @Override
    public boolean ready() {
      return sender.ready();
    }

    @Override
    public void end(EndReason reason) {
      sender.closeAfterSent(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, reason.name()));
    }

    @Override
    public void keepAlive() {
      if (sender.dropIfStalled()) {
        cancel();
      } else {
        sender.ping();
      }
    }
  }
}
