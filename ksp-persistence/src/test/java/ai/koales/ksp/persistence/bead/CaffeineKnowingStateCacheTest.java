package ai.koales.ksp.persistence.bead;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.domain.bead.CacheKeys;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-entry time-to-live that restarts on every put (core.md §1.4, §7), and prefix invalidation.
 */
class CaffeineKnowingStateCacheTest {

  final AtomicLong nanos = new AtomicLong();
  final CaffeineKnowingStateCache cache = new CaffeineKnowingStateCache();

  @BeforeEach
  void start() {
    cache.maxEntries = 1000;
    cache.start(nanos::get);
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void anEntryExpiresAfterItsOwnTtl() {
    cache.put("ks:o:r:*", "state", CacheKeys.KNOWING_STATE_TTL);
    cache.put("consent:o:r", "grants", CacheKeys.CONSENT_TTL);
    advance(Duration.ofSeconds(899));
    assertThat(cache.get("consent:o:r")).contains("grants");
    advance(Duration.ofSeconds(2));
    assertThat(cache.get("consent:o:r")).isEmpty();
    assertThat(cache.get("ks:o:r:*")).contains("state");
    advance(Duration.ofSeconds(3600));
    assertThat(cache.get("ks:o:r:*")).isEmpty();
  }

  @Test
  void aPutRestartsTheExpiry() {
    cache.put("ks:o:r:*", "v1", CacheKeys.KNOWING_STATE_TTL);
    advance(Duration.ofSeconds(3000));
    cache.put("ks:o:r:*", "v2", CacheKeys.KNOWING_STATE_TTL);
    advance(Duration.ofSeconds(3000));
    assertThat(cache.get("ks:o:r:*")).contains("v2");
    advance(Duration.ofSeconds(601));
    assertThat(cache.get("ks:o:r:*")).isEmpty();
  }

  @Test
  void readsDoNotExtendTheExpiry() {
    cache.put("consent:o:r", "g", CacheKeys.CONSENT_TTL);
    advance(Duration.ofSeconds(800));
    assertThat(cache.get("consent:o:r")).isPresent();
    advance(Duration.ofSeconds(101));
    assertThat(cache.get("consent:o:r")).isEmpty();
  }

  @Test
  void trustHeadsNeverExpireByTime() {
    cache.put("head:o:trust:s", "id", CacheKeys.HEAD_TTL);
    advance(Duration.ofDays(365));
    assertThat(cache.get("head:o:trust:s")).contains("id");
  }

  @Test
  void aPrefixInvalidationDropsOneOrgOnly() {
    cache.put("ks:org-1:role-1:*", 1, CacheKeys.KNOWING_STATE_TTL);
    cache.put("ks:org-1:role-2:x", 2, CacheKeys.KNOWING_STATE_TTL);
    cache.put("ks:org-2:role-1:*", 3, CacheKeys.KNOWING_STATE_TTL);
    cache.invalidatePrefix("ks:org-1:");
    assertThat(cache.get("ks:org-1:role-1:*")).isEmpty();
    assertThat(cache.get("ks:org-1:role-2:x")).isEmpty();
    assertThat(cache.get("ks:org-2:role-1:*")).contains(3);
  }

  @Test
  void aRolePrefixStopsAtItsSegmentAndLaterPutsLive() {
    cache.put("ks:org-1:role-1:*", 1, CacheKeys.KNOWING_STATE_TTL);
    cache.put("ks:org-1:role-10:*", 2, CacheKeys.KNOWING_STATE_TTL);
    cache.put("head:org-1:trust:s", 3, CacheKeys.HEAD_TTL);
    cache.invalidatePrefix("ks:org-1:role-1:");
    assertThat(cache.get("ks:org-1:role-1:*")).isEmpty();
    assertThat(cache.get("ks:org-1:role-10:*")).contains(2);
    assertThat(cache.get("head:org-1:trust:s")).contains(3);
    // What is stored after the invalidation is current.
    cache.put("ks:org-1:role-1:*", 4, CacheKeys.KNOWING_STATE_TTL);
    assertThat(cache.get("ks:org-1:role-1:*")).contains(4);
    // An org-wide invalidation covers the role's keys stored before it, whatever their role.
    cache.invalidatePrefix("ks:org-1:");
    assertThat(cache.get("ks:org-1:role-1:*")).isEmpty();
    assertThat(cache.get("ks:org-1:role-10:*")).isEmpty();
    assertThat(cache.get("head:org-1:trust:s")).contains(3);
    // Clearing everything reaches every kind of key.
    cache.invalidatePrefix("");
    assertThat(cache.get("head:org-1:trust:s")).isEmpty();
  }

  /**
   * A prefix invalidation costs the same whatever the cache holds: it bumps a counter instead of
   * scanning every entry (a full cache is 100,000 entries by default). Stale entries leave on their
   * next read.
   */
  @Test
  void aPrefixInvalidationDoesNotScanTheCache() {
    for (int i = 0; i < 1000; i++) {
      cache.put("ks:org-" + i + ":r:*", i, CacheKeys.KNOWING_STATE_TTL);
    }
    cache.invalidatePrefix("ks:org-7:");
    assertThat(cache.size()).isEqualTo(1000);
    assertThat(cache.get("ks:org-7:r:*")).isEmpty();
    assertThat(cache.size()).isEqualTo(999);
    assertThat(cache.get("ks:org-8:r:*")).contains(8);
  }

  @Test
  void aReadThatAnInvalidationOvertookIsNotCached() {
    String key = CacheKeys.knowingState("o", "r", null);
    long stamp = cache.stamp(key);
    // A write commits and invalidates while the reader is still reading the graph...
    cache.invalidatePrefix(CacheKeys.knowingStatePrefix("o"));
    // ...so what the reader read may be the replaced state: it is not kept.
    cache.putIfUnchanged(key, "stale", CacheKeys.KNOWING_STATE_TTL, stamp);
    assertThat(cache.get(key)).isEmpty();
    // Another org's invalidation does not stop this org's readers from caching.
    long fresh = cache.stamp(key);
    cache.invalidate(CacheKeys.consent("other", "r"));
    cache.putIfUnchanged(key, "current", CacheKeys.KNOWING_STATE_TTL, fresh);
    assertThat(cache.get(key)).contains("current");
    // Clearing everything reaches every org.
    long before = cache.stamp(key);
    cache.invalidatePrefix("");
    cache.putIfUnchanged(key, "stale", CacheKeys.KNOWING_STATE_TTL, before);
    assertThat(cache.get(key)).isEmpty();
  }

  /**
   * Readers and writers racing on one key: a writer moves the truth to a new version, then
   * invalidates; a reader stamps, reads the truth, and stores it. Whatever the interleaving, once
   * everyone is done the cache never holds a version older than the truth.
   */
  @Test
  void racingReadersNeverLeaveAVersionOlderThanTheTruth() throws Exception {
    String key = CacheKeys.knowingState("o", "r", null);
    for (int round = 0; round < 50; round++) {
      AtomicLong truth = new AtomicLong();
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.List<Thread> threads = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        boolean writer = t == 0;
        threads.add(
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  for (int i = 0; i < 50; i++) {
                    if (writer) {
                      truth.incrementAndGet();
                      cache.invalidate(key);
                      java.util.concurrent.locks.LockSupport.parkNanos(10_000);
                    } else {
                      long stamp = cache.stamp(key);
                      long read = truth.get();
                      // The graph read takes time: that is when writers overtake readers.
                      java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                      cache.putIfUnchanged(key, read, CacheKeys.KNOWING_STATE_TTL, stamp);
                    }
                  }
                }));
      }
      threads.forEach(Thread::start);
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      cache.get(key).ifPresent(v -> assertThat((Long) v).isEqualTo(truth.get()));
    }
  }
}
