package ai.koales.ksp.domain.bead;

import java.time.Duration;
import java.util.Optional;

/**
 * The hot cache in front of the bead graph (core.md §1.4), never authoritative. Keys follow {@link
 * CacheKeys}; a put restarts the entry's expiry.
 */
public interface KnowingStateCache {

  Optional<Object> get(String key);

  /** Stores {@code value}; {@code ttl} null means no expiry. */
  void put(String key, Object value, Duration ttl);

  void invalidate(String key);

  /** Removes every key starting with {@code prefix}. */
  void invalidatePrefix(String prefix);
}
