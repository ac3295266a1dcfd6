package ai.koales.ksp.domain.coordination;

/**
 * The verdict of a bead_audit row (coordination.md §1.6). The spec's terminal verdicts {@code
 * done}, {@code failed} and {@code timed_out} are joined by {@code claimed} and {@code rescued}, so
 * that the audit lists every effective transition of a bead, each exactly once (INV-C4).
 */
public enum AuditVerdict {
  CLAIMED("claimed"),
  DONE("done"),
  FAILED("failed"),
  RESCUED("rescued"),
  TIMED_OUT("timed_out");

  private final String wireName;

  AuditVerdict(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
