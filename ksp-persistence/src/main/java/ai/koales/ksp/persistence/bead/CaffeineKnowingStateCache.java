package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.CacheKeys;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

  /**
   * Invalidations per org (one counter per org this node has seen, a few bytes each) and across
   * every org: the stamps of {@link #stamp}. Both only grow, so their sum changes when either does.
   */
  private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();

  private final AtomicLong everyOrg = new AtomicLong();

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
    generation(CacheKeys.orgOf(key)).incrementAndGet();
    cache.invalidate(key);
  }

  @Override
  public void invalidatePrefix(String prefix) {
    String org = CacheKeys.orgOf(prefix);
    (org.isEmpty() ? everyOrg : generation(org)).incrementAndGet();
    cache.asMap().keySet().removeIf(k -> k.startsWith(prefix));
  }

  @Override
  public long stamp(String key) {
    return everyOrg.get() + generation(CacheKeys.orgOf(key)).get();
  }

  @Override
  public void putIfUnchanged(String key, Object value, Duration ttl, long stamp) {
    put(key, value, ttl);
    // Checked after storing: an invalidation that bumped the stamp before this check is seen here,
    // one that bumps it later removes the entry itself (invalidations bump, then remove).
    if (stamp(key) != stamp) {
      cache.invalidate(key);
    }
  }

  private AtomicLong generation(String org) {
    return generations.computeIfAbsent(org, o -> new AtomicLong());
  }

  /** Entries currently held (for tests and metrics). */
  public long size() {
    return cache.estimatedSize();
  }
}
