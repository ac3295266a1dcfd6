package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An artifact a factory session produced (edges.md §1.8 artifacts). */
@Entity
@Table(name = "artifacts")
public class ArtifactRow {

  @Id
  @Column(name = "id", length = 200)
  private String id;

  @Column(name = "session_id", nullable = false, length = 200)
  private String sessionId;

  @Column(name = "kind", nullable = false, length = 32)
  private String kind;

  @Column(name = "content_ref", length = 1000)
  private String contentRef;

  @Column(name = "content_hash", length = 200)
  private String contentHash;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "metadata")
  private String metadata;

  protected ArtifactRow() {}

  public ArtifactView toView() {
    return new ArtifactView(
        id, sessionId, kind, contentRef, contentHash, createdAt, JsonText.parseOrNull(metadata));
  }

  /** An artifact as readers see it; {@code metadata} is parsed JSON, or null when invalid. */
  public record ArtifactView(
      String id,
      String sessionId,
      String kind,
      String contentRef,
      String contentHash,
      long createdAt,
      Object metadata) {}

  /** JSON text columns written by other systems: parsed, and null when invalid (edges §2.4). */
  static final class JsonText {
    private JsonText() {}

    static Object parseOrNull(String text) {
      if (text == null || text.isBlank()) {
        return null;
      }
      try {
        return JsonValues.parse(text);
      } catch (RuntimeException invalid) {
        return null;
      }
    }
  }
}
