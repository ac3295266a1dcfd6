package ai.koales.ksp.domain.bead;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cache key patterns, time-to-live and invalidation rules of core.md §1.4 and §4.2 (with the FIX:
 * the original invalidated only when the payload had a role_id, i.e. never).
 */
public final class CacheKeys {

  public static final Duration KNOWING_STATE_TTL = Duration.ofSeconds(3600);
  public static final Duration CONSENT_TTL = Duration.ofSeconds(900);
  public static final Duration POLICY_TTL = Duration.ofSeconds(3600);
  public static final Duration MAINTENANCE_TTL = Duration.ofSeconds(21600);

  /** Trust heads do not expire: every trust write invalidates them. */
  public static final Duration HEAD_TTL = null;

  private CacheKeys() {}

  public static String knowingState(String org, String role, String category) {
    return "ks:" + org + ":" + role + ":" + (category == null ? "*" : category);
  }

  public static String trustHead(String org, String subject) {
    return "head:" + org + ":trust:" + subject;
  }

  public static String consent(String org, String role) {
    return "consent:" + org + ":" + role;
  }

  public static String policy(String org, String role) {
    return "policy:" + org + ":" + role;
  }

  public static String maintenance(String org) {
    return "maintenance:" + org;
  }

  /** The keys and prefixes to drop once a write of {@code bead} has committed. */
  public static Invalidation after(Bead bead) {
    String org = bead.orgId();
    List<String> keys = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    switch (bead.type()) {
      case TRUST -> {
        keys.add(trustHead(org, bead.text("subject_id")));
        prefixes.add("ks:" + org + ":");
      }
      case POLICY -> {
        String scope = bead.text("scope");
        keys.add(policy(org, scope));
        prefixes.add("org".equals(scope) ? "ks:" + org + ":" : "ks:" + org + ":" + scope + ":");
      }
      case CONSENT -> {
        String role = bead.text("role_id");
        keys.add(consent(org, role));
        prefixes.add("ks:" + org + ":" + role + ":");
      }
      case OUTCOME, AMENDMENT -> keys.add(maintenance(org));
      default -> {}
    }
    return new Invalidation(keys, prefixes);
  }

  /** Everything an adoption invalidates (core.md §4.4 BP5): an org's knowing states and heads. */
  public static Invalidation adoption(String org) {
    return new Invalidation(
        List.of(maintenance(org)), List.of("ks:" + org + ":", "head:" + org + ":"));
  }

  /** Keys and key prefixes to remove from the cache. */
  public record Invalidation(List<String> keys, List<String> prefixes) {
    public Invalidation {
      keys = List.copyOf(keys);
      prefixes = List.copyOf(prefixes);
    }

    public boolean isEmpty() {
      return keys.isEmpty() && prefixes.isEmpty();
    }

    public void applyTo(KnowingStateCache cache) {
      keys.forEach(cache::invalidate);
      prefixes.forEach(cache::invalidatePrefix);
    }
  }
}
