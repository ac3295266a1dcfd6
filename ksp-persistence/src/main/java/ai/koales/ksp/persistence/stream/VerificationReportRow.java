package ai.koales.ksp.persistence.stream;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A verification report of a factory session (edges.md §1.8 verification_reports). */
@Entity
@Table(name = "verification_reports")
public class VerificationReportRow {

  @Id
  @Column(name = "report_id", length = 200)
  private String reportId;

  @Column(name = "session_id", nullable = false, length = 200)
  private String sessionId;

  @Column(name = "kind", nullable = false, length = 32)
  private String kind;

  @Column(name = "verdict", nullable = false, length = 64)
  private String verdict;

  @Column(name = "score")
  private Double score;

  @Column(name = "notes")
  private String notes;

  @Column(name = "produced_at", nullable = false)
  private long producedAt;

  @Column(name = "artifact_id", length = 200)
  private String artifactId;

  protected VerificationReportRow() {}

  VerificationReportRow(
      String reportId,
      String sessionId,
      String kind,
      String verdict,
      Double score,
      String notes,
      long producedAt,
      String artifactId) {
    this.reportId = reportId;
    this.sessionId = sessionId;
    this.kind = kind;
    this.verdict = verdict;
    this.score = score;
    this.notes = notes;
    this.producedAt = producedAt;
    this.artifactId = artifactId;
  }

  public ReportView toView() {
    return new ReportView(reportId, sessionId, kind, verdict, score, notes, producedAt, artifactId);
  }

  /** A report as readers see it. */
  public record ReportView(
      String reportId,
      String sessionId,
      String kind,
      String verdict,
      Double score,
      String notes,
      long producedAt,
      String artifactId) {}
}
