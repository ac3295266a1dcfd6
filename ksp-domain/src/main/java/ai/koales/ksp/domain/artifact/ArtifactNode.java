package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.Ids;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A node of an artifact graph (core.md §1.3). Its {@code data} is a JSON object as plain Java
 * values (maps, lists, strings, {@code BigDecimal} numbers, booleans, null). {@code seq} is the
 * node's position in its graph's write order: it breaks ties between nodes created in the same
 * millisecond, so "newest first" is exact.
 *
 * <p>A node's identity, type, namespace and creation time never change; only its data (and {@code
 * updated}) may be replaced by an upsert (INV-AG-001, core.md §4.3).
 */
public record ArtifactNode(
    String id,
    String type,
    Map<String, Object> data,
    String ns,
    Instant created,
    Instant updated,
    long seq) {

  public ArtifactNode {
    requireValidId("id", id);
    requireValidType("type", type);
    Objects.requireNonNull(ns, "ns");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    data = freeze(data);
  }

  /** A new node in namespace {@code ns}, written {@code seq}-th to its graph at {@code now}. */
  public static ArtifactNode create(
      String id, String type, Map<String, ?> data, String ns, long seq, Instant now) {
    return new ArtifactNode(id, type, freeze(data), ns, now, now, seq);
  }

  /**
   * The upsert of an existing node: the data and {@code updated} are replaced, nothing else. A
   * caller that names another type is refused rather than silently ignored.
   */
  public ArtifactNode replaceData(String requestedType, Map<String, ?> newData, Instant now) {
    if (!type.equals(requestedType)) {
      throw new NodeTypeConflictException(id, type, requestedType);
    }
    return new ArtifactNode(id, type, freeze(newData), ns, created, now, seq);
  }

  /** A member of {@code data}, or null. */
  public Object get(String member) {
    return data.get(member);
  }

  /** Throws {@code invalid-id} naming {@code field} unless {@code id} is a valid node id. */
  public static String requireValidId(String field, String id) {
    return Ids.requireId(field, id);
  }

  /** Throws {@code invalid-request} naming {@code field} unless {@code type} may be stored. */
  public static String requireValidType(String field, String type) {
    if (!NodeTypes.isValid(type)) {
      throw new InvalidInputException(
          "invalid-request",
          field,
          "must be a non-blank, printable string of at most "
              + NodeTypes.MAX_LENGTH
              + " characters");
    }
    return type;
  }

  /** An unmodifiable, insertion-ordered copy; JSON objects may hold null members. */
  static Map<String, Object> freeze(Map<String, ?> data) {
    if (data == null || data.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }
}
