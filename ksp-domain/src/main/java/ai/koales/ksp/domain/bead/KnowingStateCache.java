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

  /**
   * A stamp of {@code key}'s org that changes whenever an entry of that org is invalidated. Read it
   * before reading the graph for a miss, and store what was read with {@link #putIfUnchanged}: a
   * write that committed (and invalidated) while the graph was being read then wins, instead of the
   * reader putting back what the write replaced, which would be served until the entry's TTL.
   */
  long stamp(String key);

  /**
   * Stores {@code value} like {@link #put}, unless an invalidation reached {@code key}'s org since
   * {@code stamp} was read. Implementations bump the stamp before removing entries and check it
   * after storing, so whichever order a writer and a reader interleave in, no stale entry stays.
   */
  void putIfUnchanged(String key, Object value, Duration ttl, long stamp);
}
