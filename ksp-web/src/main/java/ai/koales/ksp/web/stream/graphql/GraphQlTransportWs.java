package ai.koales.ksp.web.stream.graphql;

import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.ReplayCursor;
import ai.koales.ksp.persistence.stream.EventSink;
import ai.koales.ksp.persistence.stream.StreamSettings;
import ai.koales.ksp.web.platform.BearerTokens;
import ai.koales.ksp.web.platform.Identity;
import ai.koales.ksp.web.stream.SocketSender;
import graphql.ExecutionResult;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.smallrye.graphql.execution.ExecutionService;
import io.smallrye.graphql.spi.LookupService;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.StringReader;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * GraphQL over WebSocket at {@code /graphql}, subprotocol {@code graphql-transport-ws} (edges.md
 * §2.4, §4.4). It replaces SmallRye's own endpoint ({@link GraphQlEndpoints}) because KSP must
 * authenticate {@code connection_init}, time out a silent client, and report a subscription that
 * cannot start as an {@code error} message, none of which that endpoint does.
 *
 * <p>Protocol: {@code connection_init} must arrive within {@code ksp.stream.auth-timeout} (else
 * 4408) and carry the JWT as {@code payload.authorization} ({@code Bearer ...} or bare) or {@code
 * payload.access_token}, or the socket's {@code access_token} query parameter (bad or no token:
 * 4403); a second one closes 4429. Then {@code connection_ack}; {@code subscribe} before it is
 * 4401, a duplicate id 4409, an unparseable frame 4400. Every {@code next}, {@code error} and
 * {@code complete} carries the client's id; {@code ping} gets {@code pong} and the server pings
 * when idle; a client {@code complete} ends that one operation. A subscription whose buffer expired
 * completes and, when it was the socket's last operation, the socket closes 1000 {@code
 * REPLAY_WINDOW_EXPIRED}. Messages are sent without waiting for the client ({@link SocketSender});
 * a client that stops reading (or answering pings) is closed 1008 {@code SLOW_CONSUMER}.
 */
@ServerEndpoint(value = "/graphql", subprotocols = GraphQlTransportWs.SUBPROTOCOL)
public class GraphQlTransportWs {

  static final String SUBPROTOCOL = "graphql-transport-ws";

  private static final Logger LOG = Logger.getLogger(GraphQlTransportWs.class.getName());

  /** Cached: {@code JSON.createX()} looks the provider up on every call. */
  private static final JsonProvider JSON = JsonProvider.provider();

  @Inject BearerTokens tokens;
  @Inject StreamSettings settings;
  @Inject Clock clock;

  @Resource ManagedScheduledExecutorService scheduler;

  private volatile Session session;
  private volatile SocketSender sender;
  private final AtomicBoolean initReceived = new AtomicBoolean();
  private volatile Identity identity;
  private volatile Long queryLastSeq;
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> initTimeout;
  private volatile ScheduledFuture<?> pinger;

  @OnOpen
  public void open(Session session) {
    this.session = session;
    SocketSender out =
        new SocketSender(
            session, settings.sendQueue(), settings.sendTimeout().toMillis(), clock, scheduler);
    out.onSpace(() -> operations.values().forEach(Operation::resume));
    this.sender = out;
    if (!SUBPROTOCOL.equals(session.getNegotiatedSubprotocol())) {
      close(4406, "Subprotocol not acceptable");
      return;
    }
    try {
      String lastSeq = param("last_seq");
      queryLastSeq = lastSeq == null ? null : ReplayCursor.parse("query.last_seq", lastSeq);
    } catch (KspException e) {
      close(4400, "Invalid last_seq");
      return;
    }
    initTimeout =
        scheduler.schedule(
            () -> {
              if (identity == null) {
                close(4408, "Connection initialisation timeout");
              }
            },
            settings.authTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @OnMessage
  public void message(String text) {
    JsonObject m;
    try {
      m = JSON.createReader(new StringReader(text)).readObject();
    } catch (RuntimeException e) {
      close(4400, "Invalid message");
      return;
    }
    String type = m.get("type") instanceof JsonString s ? s.getString() : "";
    switch (type) {
      case "connection_init" -> init(m.get("payload"));
      case "ping" -> send(JSON.createObjectBuilder().add("type", "pong").build());
      case "pong" -> {
        // an answer to our keep-alive
      }
      case "subscribe" -> subscribe(m);
      case "complete" -> {
        Operation op =
            m.get("id") instanceof JsonString id ? operations.remove(id.getString()) : null;
        if (op != null) {
          op.cancel();
        }
      }
      default -> close(4400, "Invalid message type");
    }
  }

  /** The answer to a ping frame: the client reads. */
  @OnMessage
  public void pong(PongMessage pong) {
    sender.pong();
  }

  @OnClose
  public void closed(Session s, CloseReason reason) {
    shutdown();
  }

  @OnError
  public void failed(Session s, Throwable t) {
    LOG.log(Level.FINE, "GraphQL WebSocket error", t);
    shutdown();
  }

  private void init(JsonValue payload) {
    if (!initReceived.compareAndSet(false, true)) {
      close(4429, "Too many initialisation requests");
      return;
    }
    String token = null;
    if (payload instanceof JsonObject p) {
      token = text(p, "authorization", "Authorization", "access_token");
    }
    if (token == null) {
      token = param("access_token");
    }
    try {
      identity = tokens.verify(token);
    } catch (KspException e) {
      close(4403, "Forbidden");
      return;
    }
    ScheduledFuture<?> t = initTimeout;
    if (t != null) {
      t.cancel(false);
    }
    send(JSON.createObjectBuilder().add("type", "connection_ack").build());
    long every = Math.max(1000, settings.keepAlive().toMillis());
    pinger =
        scheduler.scheduleWithFixedDelay(
            () -> {
              // A client that stopped reading is dropped; a busy socket needs no ping.
              if (sender.dropIfStalled()) {
                shutdown();
              } else if (sender.idle()) {
                // A WebSocket ping frame, which every client answers, and the protocol's ping.
                sender.ping();
                send(JSON.createObjectBuilder().add("type", "ping").build());
              }
            },
            every,
            every,
            TimeUnit.MILLISECONDS);
  }

  private void subscribe(JsonObject m) {
    if (identity == null) {
      close(4401, "Unauthorized");
      return;
    }
    String id = m.get("id") instanceof JsonString s ? s.getString() : null;
    if (id == null || id.isEmpty() || !(m.get("payload") instanceof JsonObject payload)) {
      close(4400, "Invalid subscribe message");
      return;
    }
    Operation op = new Operation(id);
    if (operations.putIfAbsent(id, op) != null) {
      close(4409, "Subscriber for " + id + " already exists");
      return;
    }
    Map<String, Object> context = new HashMap<>();
    context.put(GraphQlCallers.IDENTITY, identity);
    if (queryLastSeq != null) {
      context.put(GraphQlCallers.LAST_SEQ, queryLastSeq);
    }
    context.put(GraphQlCallers.OPERATION, op);
    executionService().executeAsync(payload, context, op);
  }

  private static ExecutionService executionService() {
    return LookupService.get().getInstance(ExecutionService.class).get();
  }

  /** One subscribe: its result is either a stream of results or one result (or errors). */
  private final class Operation
      implements ExecutionResponseWriter,
          Subscriber<ExecutionResult>,
          GraphQlSubscription.Connection {

    private final String id;
    private final AtomicReference<org.reactivestreams.Subscription> upstream =
        new AtomicReference<>();
    private volatile boolean cancelled;
    private volatile boolean expired;
    private volatile Runnable resumer = () -> {};

    Operation(String id) {
      this.id = id;
    }

    @Override
    public void write(ExecutionResponse response) {
      ExecutionResult result = response.getExecutionResult();
      Object data = result.getData();
      if (data instanceof Publisher<?> stream) {
        @SuppressWarnings("unchecked")
        Publisher<ExecutionResult> results = (Publisher<ExecutionResult>) stream;
        results.subscribe(this);
        return;
      }
      JsonObject json = GraphQlErrorCodes.complete(response.getExecutionResultAsJsonObject());
      if (data == null && !result.getErrors().isEmpty()) {
        // The subscription could not start: REPLAY_UNAVAILABLE, not found, forbidden, bad input.
        sendError(json.getJsonArray("errors"));
      } else if (!cancelled) {
        send(message("next").add("payload", json).build());
        send(message("complete").build());
      }
      operations.remove(id, this);
    }

    @Override
    public void fail(Throwable t) {
      LOG.log(Level.WARNING, "GraphQL operation " + id + " failed", t);
      sendError(
          JSON.createArrayBuilder()
              .add(
                  JSON.createObjectBuilder()
                      .add("message", "The operation failed.")
                      .add(
                          "extensions",
                          JSON.createObjectBuilder().add("code", "INTERNAL_SERVER_ERROR")))
              .build());
      operations.remove(id, this);
    }

    @Override
    public void onSubscribe(org.reactivestreams.Subscription s) {
      upstream.set(s);
      if (cancelled) {
        s.cancel();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(ExecutionResult result) {
      if (cancelled) {
        return;
      }
      send(
          message("next")
              .add(
                  "payload",
                  GraphQlErrorCodes.complete(
                      new ExecutionResponse(result).getExecutionResultAsJsonObject()))
              .build());
      org.reactivestreams.Subscription s = upstream.get();
      if (s != null) {
        s.request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      fail(t);
    }

    @Override
    public void onComplete() {
      if (!cancelled) {
        send(message("complete").build());
      }
      operations.remove(id, this);
      if (expired && operations.isEmpty()) {
        close(1000, EventSink.EndReason.REPLAY_WINDOW_EXPIRED.name());
      }
    }

    @Override
    public boolean ready() {
      return sender.ready();
    }

    @Override
    public void onReady(Runnable resume) {
      resumer = resume;
    }

    void resume() {
      resumer.run();
    }

    @Override
    public void ended(EventSink.EndReason reason) {
      if (reason == EventSink.EndReason.REPLAY_WINDOW_EXPIRED) {
        expired = true;
      }
    }

    void cancel() {
      cancelled = true;
      org.reactivestreams.Subscription s = upstream.get();
      if (s != null) {
        s.cancel();
      }
    }

    private void sendError(JsonArray errors) {
      if (!cancelled) {
        send(
            message("error")
                .add("payload", errors == null ? JsonValue.EMPTY_JSON_ARRAY : errors)
                .build());
      }
    }

    private jakarta.json.JsonObjectBuilder message(String type) {
      return JSON.createObjectBuilder().add("id", id).add("type", type);
    }
  }

  /** Queues a message on the socket; never waits for the client ({@link SocketSender}). */
  private void send(JsonObject message) {
    Session s = session;
    if (s == null || !s.isOpen()) {
      return;
    }
    sender.offer(message.toString());
  }

  private void shutdown() {
    for (Operation op : List.copyOf(operations.values())) {
      op.cancel();
    }
    operations.clear();
    for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {initTimeout, pinger}) {
      if (f != null) {
        f.cancel(false);
      }
    }
  }

  /** Closes the socket once what was queued before has been sent. */
  private void close(int code, String reason) {
    SocketSender out = sender;
    if (out != null) {
      out.closeAfterSent(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    }
    shutdown();
  }

  private String param(String name) {
    List<String> v = session.getRequestParameterMap().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static String text(JsonObject o, String... keys) {
    for (String k : keys) {
      if (o.get(k) instanceof JsonString s && !s.getString().isBlank()) {
        return s.getString();
      }
    }
    return null;
  }
}
