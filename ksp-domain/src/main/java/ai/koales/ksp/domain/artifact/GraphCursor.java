package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of a newest-first or oldest-first list stopped: the (created, seq) of its last item.
 * Keyset paging, so items written while a client pages neither repeat nor vanish. On the wire it is
 * opaque (base64url).
 */
public record GraphCursor(long createdMillis, long seq) {

  private static final String VERSION = "g1";

  public static GraphCursor after(ArtifactNode node) {
    return new GraphCursor(node.created().toEpochMilli(), node.seq());
  }

  public static GraphCursor after(ArtifactEdge edge) {
    return new GraphCursor(edge.created().toEpochMilli(), edge.seq());
  }

  public Instant created() {
    return Instant.ofEpochMilli(createdMillis);
  }

  public String encode() {
    String raw = VERSION + "." + createdMillis + "." + seq;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  /** The cursor a previous page returned; anything else is 400 naming {@code cursor}. */
  public static GraphCursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      String[] parts = raw.split("\\.");
      if (parts.length != 3 || !VERSION.equals(parts[0])) {
        throw new IllegalArgumentException(raw);
      }
      return new GraphCursor(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    } catch (IllegalArgumentException notOurs) {
      throw new InvalidInputException(
          "invalid-cursor", "cursor", "is not a cursor returned by this list");
    }
  }
}
