package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.ExpiryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The stream context's configuration (keys {@code ksp.stream.*}, defaults and meaning in the WAR's
 * {@code microprofile-config.properties}). Durations are ISO-8601 ({@code PT30M}).
 */
@ApplicationScoped
public class StreamSettings {

  @Inject
  @ConfigProperty(name = "ksp.stream.ttl", defaultValue = "PT30M")
  Duration ttl;

  @Inject
  @ConfigProperty(name = "ksp.stream.terminal-grace", defaultValue = "PT5M")
  Duration terminalGrace;

  @Inject
  @ConfigProperty(name = "ksp.stream.sweep-interval", defaultValue = "PT30S")
  Duration sweepInterval;

  @Inject
  @ConfigProperty(name = "ksp.stream.outbox-drain-interval", defaultValue = "PT5S")
  Duration outboxDrainInterval;

  @Inject
  @ConfigProperty(name = "ksp.stream.poll-interval", defaultValue = "PT1S")
  Duration pollInterval;

  @Inject
  @ConfigProperty(name = "ksp.stream.keep-alive", defaultValue = "PT20S")
  Duration keepAlive;

  @Inject
  @ConfigProperty(name = "ksp.stream.delivery-threads", defaultValue = "8")
  int deliveryThreads;

  @Inject
  @ConfigProperty(name = "ksp.stream.relay-threads", defaultValue = "2")
  int relayThreads;

  @Inject
  @ConfigProperty(name = "ksp.stream.send-timeout", defaultValue = "PT30S")
  Duration sendTimeout;

  @Inject
  @ConfigProperty(name = "ksp.stream.send-queue", defaultValue = "256")
  int sendQueue;

  @Inject
  @ConfigProperty(name = "ksp.stream.replay-limit", defaultValue = "10000")
  int replayLimit;

  @Inject
  @ConfigProperty(name = "ksp.stream.auth-timeout", defaultValue = "PT10S")
  Duration authTimeout;

  @Inject
  @ConfigProperty(name = "ksp.stream.producer-secret")
  Optional<String> producerSecret;

  /** Dependent: a record cannot be proxied, and the policy is an immutable value anyway. */
  @Produces
  @Dependent
  ExpiryPolicy expiryPolicy() {
    return new ExpiryPolicy(ttl, terminalGrace);
  }

  public Duration sweepInterval() {
    return sweepInterval;
  }

  public Duration outboxDrainInterval() {
    return outboxDrainInterval;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public Duration keepAlive() {
    return keepAlive;
  }

  public int deliveryThreads() {
    return Math.max(1, deliveryThreads);
  }

  /** Threads that move committed outbox rows into buffers (apart from delivery's). */
  public int relayThreads() {
    return Math.max(1, relayThreads);
  }

  /**
   * How long one message to a client may take to leave before the client counts as stalled and is
   * disconnected (it resumes from its last seq when it reconnects).
   */
  public Duration sendTimeout() {
    return sendTimeout;
  }

  /** How many messages may wait for one client before its subscription pauses. */
  public int sendQueue() {
    return Math.max(1, sendQueue);
  }

  /** The most rows one replay answers (and the default when the client names no limit). */
  public int replayLimit() {
    return Math.max(1, replayLimit);
  }

  /** How long a WebSocket may stay open before it authenticates. */
  public Duration authTimeout() {
    return authTimeout;
  }

  /** The producer secret; empty when none is configured, which refuses every producer. */
  public Optional<String> producerSecret() {
    return producerSecret.filter(s -> !s.isEmpty());
  }
}
