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
}
