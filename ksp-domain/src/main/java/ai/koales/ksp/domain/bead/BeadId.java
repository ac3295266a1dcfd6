package ai.koales.ksp.domain.bead;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bead's id: 64 lower-case hex characters, the SHA-256 over the UTF-8 bytes of {@code type +
 * canonicalJson(content) + join(sort(parentIds), "")} (core.md §1.2). Parents sort by UTF-16 code
 * units, as JavaScript's default sort does. The org is not hashed: the same bead in two orgs has
 * the same id and is stored once per org.
 */
public record BeadId(String value) implements Comparable<BeadId> {

  public static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public BeadId {
    Objects.requireNonNull(value, "value");
    if (!HEX64.matcher(value).matches()) {
      throw new IllegalArgumentException("A bead id is 64 lower-case hex characters: " + value);
    }
  }

  public static boolean isWellFormed(String value) {
    return value != null && HEX64.matcher(value).matches();
  }

  /** The id of a bead of {@code type} with {@code content} and {@code parentIds}. */
  public static BeadId compute(String type, Map<String, ?> content, Collection<String> parentIds) {
    return new BeadId(hash(hashInput(type, CanonicalJson.of(content), parentIds)));
  }

  /** The exact string that is hashed; public so that callers can show it (POST /bead-ids). */
  public static String hashInput(
      String type, String canonicalContent, Collection<String> parentIds) {
    List<String> parents = new ArrayList<>(parentIds);
    parents.sort(null);
    StringBuilder sb =
        new StringBuilder(type.length() + canonicalContent.length() + 64 * parents.size());
    sb.append(type).append(canonicalContent);
    parents.forEach(sb::append);
    return sb.toString();
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code input}. */
  public static String hash(String input) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(input.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  @Override
  public int compareTo(BeadId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
