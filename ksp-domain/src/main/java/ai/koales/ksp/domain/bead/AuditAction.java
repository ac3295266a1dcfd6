package ai.koales.ksp.domain.bead;

/** What an audit bead records (core.md §1.1 audit.action). */
public enum AuditAction {
  CREATE,
  SUPERSEDE,
  ESCALATE,
  CONSENT_GRANT,
  CONSENT_REVOKE;

  /** The action that describes writing {@code bead}, superseding another or not. */
  public static AuditAction describing(Bead bead, boolean supersedes) {
    if (bead.type() == BeadType.CONSENT) {
      return "REVOKED".equals(bead.text("status")) ? CONSENT_REVOKE : CONSENT_GRANT;
    }
    if (bead.type() == BeadType.ESCALATION) {
      return ESCALATE;
    }
    return supersedes ? SUPERSEDE : CREATE;
  }
}
