package ai.koales.ksp.domain.bead;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sessions, caches and a clock for the SDK tests; content builders for the spec's scenarios. */
final class TestFixtures {

  /** 2026-06-10T00:00:00Z, the clock of core.md §8. */
  static final long T0 = 1781049600000L;

  private TestFixtures() {}

  static final class MutableClock extends Clock {
    long millis;

    MutableClock(long millis) {
      this.millis = millis;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }

  static final class InMemorySessions implements SessionRepository {
    final Map<String, KnowingStateSession> saved = new HashMap<>();
    final List<String> degradedSaves = new ArrayList<>();

    @Override
    public Optional<KnowingStateSession> find(String sessionId) {
      return Optional.ofNullable(saved.get(sessionId));
    }

    @Override
    public void save(KnowingStateSession session) {
      saved.put(session.sessionId(), session);
    }

    @Override
    public void saveRetrieval(KnowingStateSession session) {
      if (!saved.containsKey(session.sessionId())) {
        throw new SessionNotFoundException(session.sessionId());
      }
      saved.put(session.sessionId(), session);
    }

    @Override
    public void saveDegraded(KnowingStateSession session) {
      degradedSaves.add(session.sessionId());
      saved.put(session.sessionId(), session);
    }

    @Override
    public void delete(String sessionId) {
      saved.remove(sessionId);
    }
  }

  static class MapCache implements KnowingStateCache {
    final Map<String, Object> entries = new LinkedHashMap<>();
    final Map<String, Duration> ttls = new HashMap<>();

    @Override
    public Optional<Object> get(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void put(String key, Object value, Duration ttl) {
      entries.put(key, value);
      ttls.put(key, ttl);
    }

    /** Invalidations so far (one counter for every org is enough for single-threaded tests). */
    long invalidations;

    @Override
    public void invalidate(String key) {
      invalidations++;
      entries.remove(key);
    }

    @Override
    public void invalidatePrefix(String prefix) {
      invalidations++;
      entries.keySet().removeIf(k -> k.startsWith(prefix));
    }

    @Override
    public long stamp(String key) {
      return invalidations;
    }

    @Override
    public void putIfUnchanged(String key, Object value, Duration ttl, long stamp) {
      if (stamp == invalidations) {
        put(key, value, ttl);
      }
    }
  }

  static final class ThrowingCache implements KnowingStateCache {
    @Override
    public Optional<Object> get(String key) {
      throw new IllegalStateException("cache down");
    }

    @Override
    public void put(String key, Object value, Duration ttl) {
      throw new IllegalStateException("cache down");
    }

    @Override
    public void invalidate(String key) {
      throw new IllegalStateException("cache down");
    }

    @Override
    public void invalidatePrefix(String prefix) {
      throw new IllegalStateException("cache down");
    }

    @Override
    public long stamp(String key) {
      throw new IllegalStateException("cache down");
    }

    @Override
    public void putIfUnchanged(String key, Object value, Duration ttl, long stamp) {
      throw new IllegalStateException("cache down");
    }
  }

  static Map<String, Object> trust(String subject, String type, String status, double score) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("subject_id", subject);
    c.put("subject_type", type);
    c.put("status", status);
    c.put("trust_score", score);
    c.put("rationale", "test");
    c.put("evidence_refs", List.of());
    return c;
  }

  static Map<String, Object> policy(String scope, String autonomy) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("scope", scope);
    c.put("rules", Map.of());
    c.put("autonomy", autonomy);
    c.put("effective_at", "2026-06-01T00:00:00Z");
    return c;
  }

  static Map<String, Object> consent(String role, String status, List<String> grants) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("role_id", role);
    c.put("grants", grants);
    c.put("status", status);
    c.put("granted_by", "op");
    c.put("granted_at", "2026-06-01T00:00:00Z");
    return c;
  }

  static Map<String, Object> execution(String level, String trustBeadId) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("subject_id", "vendor-1");
    c.put("action", "purchase");
    c.put("autonomy_level", level);
    c.put("trust_bead_id", trustBeadId);
    c.put("policy_bead_id", "");
    c.put("rationale", "r");
    return c;
  }

  static Bead bead(
      String org, BeadType type, Map<String, Object> content, long ts, String... parents) {
    return Bead.create(org, type, content, List.of(parents), "op", ts);
  }
}
