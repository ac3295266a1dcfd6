package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One page of the GraphQL {@code sessions} query (edges.md §2.4): sessions ordered by id, {@code
 * limit} defaulting to 20 and clamped to 1..100 (the original let zero and negatives through), and
 * a cursor that is the standard base64 of the previous page's last session id. A cursor that does
 * not decode is refused (the original silently restarted from the first page).
 */
public record SessionPageRequest(int limit, String afterSessionId) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  public static SessionPageRequest of(Integer limit, String cursor) {
    int l = limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(MAX_LIMIT, limit));
    return new SessionPageRequest(l, cursor == null ? null : decode(cursor));
  }

  /** The cursor naming {@code lastSessionId}, given only when the page was full. */
  public String nextCursor(String lastSessionId, int rowsReturned) {
    return rowsReturned == limit && lastSessionId != null ? encode(lastSessionId) : null;
  }

  public static String encode(String sessionId) {
    return Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String cursor) {
    try {
      byte[] bytes = Base64.getDecoder().decode(cursor);
      String id =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      if (id.isEmpty() || !encode(id).equals(cursor)) {
        throw new IllegalArgumentException("not canonical");
      }
      return id;
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new InvalidInputException(
          "invalid-cursor", "cursor", "is not a cursor returned by this query");
    }
  }
}
