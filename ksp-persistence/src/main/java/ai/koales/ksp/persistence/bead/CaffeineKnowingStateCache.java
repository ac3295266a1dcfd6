package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.KnowingStateCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The knowing-state cache of one JVM (ARCHITECTURE.md: Caffeine in one JVM). Each entry carries its
 * own time-to-live, and the expiry restarts whenever the entry is put again (core.md §7: "created +
 * modified policy"). A cluster needs a shared cache in its place (JCache); this one is per node.
 */
@ApplicationScoped
public class CaffeineKnowingStateCache implements KnowingStateCache {

  @Inject
  @ConfigProperty(name = "ksp.bead.cache.max-entries", defaultValue = "100000")
  long maxEntries;

  private Cache<String, Entry> cache;

  private record Entry(Object value, long ttlNanos) {}

  @PostConstruct
  void start() {
    start(Ticker.systemTicker());
  }

  /** Starts the cache on {@code ticker} (tests drive time through it). */
  void start(Ticker ticker) {
    cache =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(maxEntries)
            .expireAfter(
                new Expiry<String, Entry>() {
                  @Override
                  public long expireAfterCreate(String key, Entry e, long now) {
                    return e.ttlNanos();
                  }

                  @Override
                  public long expireAfterUpdate(String key, Entry e, long now, long current) {
                    return e.ttlNanos();
                  }

                  @Override
                  public long expireAfterRead(String key, Entry e, long now, long current) {
                    return current;
                  }
                })
            .build();
  }

  @Override
  public Optional<Object> get(String key) {
    Entry e = cache.getIfPresent(key);
    return e == null ? Optional.empty() : Optional.ofNullable(e.value());
  }

  @Override
  public void put(String key, Object value, Duration ttl) {
    cache.put(key, new Entry(value, ttl == null ? Long.MAX_VALUE : ttl.toNanos()));
  }

  @Override
  public void invalidate(String key) {
    cache.invalidate(key);
  }

  @Override
  public void invalidatePrefix(String prefix) {
    cache.asMap().keySet().removeIf(k -> k.startsWith(prefix));
  }

  /** Entries currently held (for tests and metrics). */
  public long size() {
    return cache.estimatedSize();
  }
}
