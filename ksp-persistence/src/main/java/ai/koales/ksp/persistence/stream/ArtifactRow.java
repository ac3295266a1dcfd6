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

  @Column(name = "org_id", length = 200)
  private String orgId;

  protected ArtifactRow() {}

  ArtifactRow(
      String id,
      String sessionId,
      String kind,
      String contentRef,
      String contentHash,
      long createdAt,
      String metadata,
      String orgId) {
    this.id = id;
    this.sessionId = sessionId;
    this.kind = kind;
    this.contentRef = contentRef;
    this.contentHash = contentHash;
    this.createdAt = createdAt;
    this.metadata = metadata;
    this.orgId = orgId;
  }

  public ArtifactView toView() {
    return new ArtifactView(
        id,
        sessionId,
        kind,
        contentRef,
        contentHash,
        createdAt,
        JsonText.parseOrNull(metadata),
        orgId);
  }

  /**
   * An artifact as readers see it; {@code metadata} is parsed JSON, or null when invalid; {@code
   * orgId} the org of the stream it was reported on (null for rows written by others).
   */
  public record ArtifactView(
      String id,
      String sessionId,
      String kind,
      String contentRef,
      String contentHash,
      long createdAt,
      Object metadata,
      String orgId) {}

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
