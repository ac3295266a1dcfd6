package ai.koales.ksp.domain.bead;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A cache that cannot fail its caller: an error on get is a miss, an error on put or invalidate is
 * logged and ignored (core.md §4.2; scenario 20). The original degraded a session when a cache put
 * failed; a cache outage must never lower anyone's autonomy, because the graph is the truth.
 */
public final class FailSafeCache implements KnowingStateCache {

  private static final Logger LOG = Logger.getLogger(FailSafeCache.class.getName());

  private static final long UNUSABLE_STAMP = Long.MIN_VALUE;

  private final KnowingStateCache delegate;

  public FailSafeCache(KnowingStateCache delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<Object> get(String key) {
    try {
      Optional<Object> v = delegate.get(key);
      return v == null ? Optional.empty() : v;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cache get failed for " + key + "; treated as a miss", e);
      return Optional.empty();
    }
  }

  @Override
  public void put(String key, Object value, Duration ttl) {
    try {
      delegate.put(key, value, ttl);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cache put failed for " + key + "; ignored", e);
    }
  }

  /** A failed stamp read gives a stamp no entry matches, so nothing read under it is kept. */
  @Override
  public long stamp(String key) {
    try {
      return delegate.stamp(key);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cache stamp failed for " + key + "; nothing read now is cached", e);
      return UNUSABLE_STAMP;
    }
  }

  @Override
  public void putIfUnchanged(String key, Object value, Duration ttl, long stamp) {
    if (stamp == UNUSABLE_STAMP) {
      return;
    }
    try {
      delegate.putIfUnchanged(key, value, ttl, stamp);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cache put failed for " + key + "; ignored", e);
    }
  }

  @Override
  public void invalidate(String key) {
    try {
      delegate.invalidate(key);
    } catch (RuntimeException e) {
      clearAfterFailedInvalidation(key, e);
    }
  }

  @Override
  public void invalidatePrefix(String prefix) {
    try {
      delegate.invalidatePrefix(prefix);
    } catch (RuntimeException e) {
      clearAfterFailedInvalidation(prefix + "*", e);
    }
  }

  /**
   * A stale entry could outlive a revoked trust or consent, so a failed invalidation clears
   * everything rather than leave it.
   */
  private void clearAfterFailedInvalidation(String what, RuntimeException e) {
    LOG.log(
        Level.SEVERE, "Cache invalidation failed for " + what + "; clearing the whole cache", e);
    try {
      delegate.invalidatePrefix("");
    } catch (RuntimeException again) {
      LOG.log(Level.SEVERE, "Clearing the cache failed too; entries expire by their TTL", again);
    }
  }
}
