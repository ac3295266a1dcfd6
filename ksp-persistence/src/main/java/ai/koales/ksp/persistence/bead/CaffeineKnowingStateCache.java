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

  /**
   * Invalidations per prefix ({@code ""} and prefixes ending in {@code ':'}, the key segments'
   * separator): a prefix invalidation bumps its counter instead of scanning every entry, and an
   * entry is stale once the counters of its key's prefixes moved on since it was stored. A scan
   * cost a trust, policy or consent write one pass over the whole cache (up to {@code
   * ksp.bead.cache.max-entries}, 100,000 by default) on the writer's thread.
   */
  private final ConcurrentHashMap<String, AtomicLong> prefixes = new ConcurrentHashMap<>();

  /** A value, its time-to-live, and the {@link #prefixGeneration} of its key when stored. */
  private record Entry(Object value, long ttlNanos, long generation) {}

  @PostConstruct
  void start() {
    start(Ticker.systemTicker());
  }

  /** Starts the cache on {@code ticker} (tests drive time through it). */
  void start(Ticker ticker) {
    cache =
        Caffeine.newBuilder()
            // Eviction and expiry run on the calling thread, in short amortised steps: not on the
            // JDK's common fork-join pool, whose threads the container neither manages nor
            // sizes, and which every write woke (a handoff per write, on two cores).
            .executor(Runnable::run)
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
    if (e == null) {
      return Optional.empty();
    }
    if (e.generation() != prefixGeneration(key)) {
      // Dropped by a prefix invalidation since it was stored: gone for good.
      cache.asMap().remove(key, e);
      return Optional.empty();
    }
    return Optional.ofNullable(e.value());
  }

  @Override
  public void put(String key, Object value, Duration ttl) {
    // The generation is read before the entry is stored: a prefix invalidation in between leaves
    // an entry that is already stale, never a live one it should have dropped.
    cache.put(
        key, new Entry(value, ttl == null ? Long.MAX_VALUE : ttl.toNanos(), prefixGeneration(key)));
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
    if (prefix.isEmpty()) {
      prefixes.computeIfAbsent("", p -> new AtomicLong()).incrementAndGet();
      cache.invalidateAll();
    } else if (prefix.endsWith(":")) {
      prefixes.computeIfAbsent(prefix, p -> new AtomicLong()).incrementAndGet();
    } else {
      // Not a segment boundary (no caller makes such a prefix): no counter covers it.
      cache.asMap().keySet().removeIf(k -> k.startsWith(prefix));
    }
  }

  /**
   * The sum of the invalidation counters of every prefix of {@code key} that ends a segment, and of
   * {@code ""}. Counters only grow, so the sum changes whenever any of them does.
   */
  private long prefixGeneration(String key) {
    AtomicLong all = prefixes.get("");
    long g = all == null ? 0 : all.get();
    for (int i = key.indexOf(':'); i >= 0; i = key.indexOf(':', i + 1)) {
      AtomicLong c = prefixes.get(key.substring(0, i + 1));
      if (c != null) {
        g += c.get();
      }
    }
    return g;
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

  /** Entries currently held, stale ones not yet dropped included (for tests and metrics). */
  public long size() {
    return cache.estimatedSize();
  }
}
