package ai.koales.ksp.web.stream.graphql;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.persistence.platform.JsonValues;
import ai.koales.ksp.persistence.stream.EventSink;
import ai.koales.ksp.persistence.stream.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.function.Function;

/**
 * Bridges a live subscription to the {@link Multi} a GraphQL subscription field returns. Events are
 * queued from the moment the subscription is registered, so nothing is lost before GraphQL
 * subscribes to the stream; the end of the stream completes it (the client gets {@code complete}).
 */
final class GraphQlSubscription implements EventSink {

  /**
   * The GraphQL connection an operation runs on: told why the operation ended (a socket may close
   * on expiry), asked whether it takes more events now, and resuming the operation when it does.
   */
  interface Connection {
    void ended(EndReason reason);

    default boolean ready() {
      return true;
    }

    default void onReady(Runnable resume) {}
  }

  private final UnicastProcessor<JsonObject> processor = UnicastProcessor.create();
  private final Function<BufferedEvent, Map<String, Object>> shape;
  private final Connection connection;
  private volatile boolean terminated;

  GraphQlSubscription(Function<BufferedEvent, Map<String, Object>> shape, Connection connection) {
    this.shape = shape;
    this.connection = connection;
  }

  /** The stream GraphQL sends; cancelling it (client {@code complete}, socket closed) ends it. */
  Multi<JsonObject> multi(Subscription subscription) {
    connection.onReady(subscription::resume);
    return processor
        .onTermination()
        .invoke(
            () -> {
              terminated = true;
              subscription.cancel();
            });
  }

  @Override
  public boolean send(BufferedEvent event) {
    if (terminated) {
      return false;
    }
    processor.onNext(JsonValues.object(shape.apply(event)));
    return true;
  }

  @Override
  public boolean ready() {
    return !terminated && connection.ready();
  }

  @Override
  public void end(EndReason reason) {
    connection.ended(reason);
    processor.onComplete();
  }

  @Override
  public void keepAlive() {
    // The GraphQL socket sends its own pings.
  }
}
