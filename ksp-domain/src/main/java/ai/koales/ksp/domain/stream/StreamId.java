package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.InvalidInputException;

/**
 * The id of an event stream (a session's buffer): a commissioning session id, or a run id for runs
 * made directly. Stricter than other path ids ({@code [A-Za-z0-9_-]{1,128}}, edges.md §2.3), and
 * checked before any buffer is addressed (edges.md §5, the original's hardening fix).
 */
public record StreamId(String value) {

  public StreamId {
    if (!isValid(value)) {
      throw new InvalidInputException(
          "invalid-id",
          "path.streamId",
          "must match " + DomainEvent.STREAM_ID.pattern() + " (got " + shown(value) + ")");
    }
  }

  public static StreamId of(String value) {
    return new StreamId(value);
  }

  public static boolean isValid(String value) {
    return value != null && DomainEvent.STREAM_ID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }

  private static String shown(String s) {
    if (s == null) {
      return "nothing";
    }
    return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
  }
}
