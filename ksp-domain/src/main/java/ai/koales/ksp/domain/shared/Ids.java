package ai.koales.ksp.domain.shared;

import java.util.regex.Pattern;

/** The id rules of the public contract (api.md "Conventions"). */
public final class Ids {

  /** Any path id: letters, digits and {@code _ . : -}, 1 to 200 characters. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");

  /**
   * Org ids never contain {@code ':'}: cache keys are prefixed {@code ks:{org}:}, and an org named
   * {@code a:b} would otherwise fall under the prefix of org {@code a} (core.md §6 item 16).
   */
  public static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

  private Ids() {}

  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  public static boolean isValidOrgId(String orgId) {
    return orgId != null && ORG_ID.matcher(orgId).matches();
  }

  /** Returns {@code id} or throws {@code invalid-id} naming {@code field}. */
  public static String requireId(String field, String id) {
    if (!isValidId(id)) {
      throw new InvalidInputException(
          "invalid-id", field, "must match " + ID.pattern() + " (got " + quote(id) + ")");
    }
    return id;
  }

  /** Returns {@code orgId} or throws {@code invalid-id} naming {@code field}. */
  public static String requireOrgId(String field, String orgId) {
    if (!isValidOrgId(orgId)) {
      throw new InvalidInputException(
          "invalid-id", field, "must match " + ORG_ID.pattern() + " (got " + quote(orgId) + ")");
    }
    return orgId;
  }

  private static String quote(String s) {
    if (s == null) {
      return "nothing";
    }
    String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return "\"" + shown + "\"";
  }
}
