package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cache key patterns, time-to-live and invalidation rules of core.md §1.4 and §4.2 (with the FIX:
 * the original invalidated only when the payload had a role_id, i.e. never).
 *
 * <p>Keys are injective: every segment taken from a caller ({@code org}, role, category, subject)
 * is escaped so that it contains no {@code ':'} (the separator) and no {@code '*'} (the "no
 * category" marker). Without that, a viewer asking for category {@code *} would store a filtered
 * trusted set under the unfiltered key {@code ks:{org}:{role}:*}, and role {@code a} with category
 * {@code b:*} would share the key of role {@code a:b} (core.md §6 item 16). Escaping also makes a
 * prefix such as {@code ks:{org}:{role}:} end exactly where its segment ends. On top of that, the
 * REST boundary refuses role ids and categories containing those characters ({@link
 * #requireRoleId}, {@link #requireCategory}), so the escape is a second line of defence for the
 * internal callers (loop sessions may still carry such roles).
 */
public final class CacheKeys {

  public static final Duration KNOWING_STATE_TTL = Duration.ofSeconds(3600);
  public static final Duration CONSENT_TTL = Duration.ofSeconds(900);
  public static final Duration POLICY_TTL = Duration.ofSeconds(3600);
  public static final Duration MAINTENANCE_TTL = Duration.ofSeconds(21600);

  /** Trust heads do not expire: every trust write invalidates them. */
  public static final Duration HEAD_TTL = null;

  /** What {@code ks:{org}:{role}:…} stores when no category was asked for. */
  static final String ANY_CATEGORY = "*";

  /** A role id: the org-id alphabet (no {@code ':'}), 1 to 200 characters. */
  public static final Pattern ROLE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

  private CacheKeys() {}

  public static String knowingState(String org, String role, String category) {
    return knowingStatePrefix(org, role) + (category == null ? ANY_CATEGORY : segment(category));
  }

  /** Every knowing state of the org. */
  public static String knowingStatePrefix(String org) {
    return "ks:" + segment(org) + ":";
  }

  /** Every knowing state of the role, whatever the category. */
  public static String knowingStatePrefix(String org, String role) {
    return knowingStatePrefix(org) + segment(role) + ":";
  }

  public static String trustHead(String org, String subject) {
    return trustHeadPrefix(org) + "trust:" + segment(subject);
  }

  /** Every cached trust head of the org. */
  public static String trustHeadPrefix(String org) {
    return "head:" + segment(org) + ":";
  }

  public static String consent(String org, String role) {
    return "consent:" + segment(org) + ":" + segment(role);
  }

  public static String policy(String org, String role) {
    return "policy:" + segment(org) + ":" + segment(role);
  }

  public static String maintenance(String org) {
    return "maintenance:" + segment(org);
  }

  /**
   * The (escaped) org segment of any key or prefix made here ({@code kind:org[:…]}), or {@code ""}
   * for a prefix that spans every org (such as {@code ""} or {@code "ks:"}): what {@link
   * KnowingStateCache#stamp} counts invalidations by.
   */
  public static String orgOf(String keyOrPrefix) {
    int first = keyOrPrefix.indexOf(':');
    if (first < 0) {
      return "";
    }
    int second = keyOrPrefix.indexOf(':', first + 1);
    return second < 0 ? keyOrPrefix.substring(first + 1) : keyOrPrefix.substring(first + 1, second);
  }

  /**
   * {@code value} with {@code '%'}, {@code ':'} and {@code '*'} percent-encoded: distinct values
   * give distinct segments, and no segment contains a separator or the wildcard.
   */
  static String segment(String value) {
    if (value.indexOf('%') < 0 && value.indexOf(':') < 0 && value.indexOf('*') < 0) {
      return value;
    }
    StringBuilder sb = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '%' -> sb.append("%25");
        case ':' -> sb.append("%3A");
        case '*' -> sb.append("%2A");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Returns {@code roleId} or throws {@code invalid-request} naming {@code field}: role ids follow
   * the org-id rule (no {@code ':'}, core.md §6 item 16) because they become cache-key segments.
   */
  public static String requireRoleId(String field, String roleId) {
    if (roleId == null || roleId.isEmpty()) {
      throw new InvalidInputException("invalid-request", field, "is required");
    }
    if (!ROLE_ID.matcher(roleId).matches()) {
      throw new InvalidInputException(
          "invalid-request",
          field,
          "must match " + ROLE_ID.pattern() + " (letters, digits, '_', '.', '-'; no ':' or '*')");
    }
    return roleId;
  }

  /**
   * Returns {@code category} (null: no category) or throws {@code invalid-request} naming {@code
   * field}: a category is a trust {@code subject_type}, 1 to 200 characters, without {@code ':'}
   * (the key separator), {@code '*'} (the key of "no category") or control characters.
   */
  public static String requireCategory(String field, String category) {
    if (category == null) {
      return null;
    }
    if (category.isBlank() || category.length() > 200) {
      throw new InvalidInputException(
          "invalid-request", field, "must be 1 to 200 characters and not blank");
    }
    for (int i = 0; i < category.length(); i++) {
      char c = category.charAt(i);
      if (c == ':' || c == '*' || Character.isISOControl(c)) {
        throw new InvalidInputException(
            "invalid-request", field, "must not contain ':', '*' or control characters");
      }
    }
    return category;
  }

  /** The keys and prefixes to drop once a write of {@code bead} has committed. */
  public static Invalidation after(Bead bead) {
    String org = bead.orgId();
    List<String> keys = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    switch (bead.type()) {
      case TRUST -> {
        keys.add(trustHead(org, bead.text("subject_id")));
        prefixes.add(knowingStatePrefix(org));
      }
      case POLICY -> {
        String scope = bead.text("scope");
        keys.add(policy(org, scope));
        prefixes.add(
            "org".equals(scope) ? knowingStatePrefix(org) : knowingStatePrefix(org, scope));
      }
      case CONSENT -> {
        // A revocation names a consent of the same role (BeadWrite.checkRevocable), so the
        // role's keys cover what it changes too.
        String role = bead.text("role_id");
        keys.add(consent(org, role));
        prefixes.add(knowingStatePrefix(org, role));
      }
      case OUTCOME, AMENDMENT -> keys.add(maintenance(org));
      default -> {}
    }
    return new Invalidation(keys, prefixes);
  }

  /** Everything an adoption invalidates (core.md §4.4 BP5): an org's knowing states and heads. */
  public static Invalidation adoption(String org) {
    return new Invalidation(
        List.of(maintenance(org)), List.of(knowingStatePrefix(org), trustHeadPrefix(org)));
  }

  /** Keys and key prefixes to remove from the cache. */
  public record Invalidation(List<String> keys, List<String> prefixes) {
    /** Nothing to invalidate. */
    public static final Invalidation NONE = new Invalidation(List.of(), List.of());

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
