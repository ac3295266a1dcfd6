package ai.koales.ksp.domain.bead;

import java.util.List;
import java.util.Objects;

/**
 * One write of the bead graph (core.md §4.1 writeBead): a bead together with its audit bead, and
 * optionally the bead it supersedes. The constructor enforces INV-BG-007: a non-audit bead needs an
 * audit bead whose only parent is the bead and whose {@code audited_bead_id} names it.
 */
public record BeadWrite(Bead bead, Bead audit, BeadId supersedes) {

  public BeadWrite {
    Objects.requireNonNull(bead, "bead");
    if (bead.type() != BeadType.AUDIT) {
      if (audit == null) {
        throw new AuditBeadRequiredException(
            "writeBead: auditBead required for type=" + bead.type().wireName());
      }
      if (audit.type() != BeadType.AUDIT
          || !audit.parentIds().equals(List.of(bead.id().value()))
          || !bead.id().value().equals(audit.text("audited_bead_id"))
          || !bead.orgId().equals(audit.orgId())) {
        throw new AuditBeadRequiredException(
            "writeBead: the audit bead must have parent_ids=["
                + bead.id()
                + "] and audited_bead_id="
                + bead.id());
      }
    } else if (audit != null) {
      throw new AuditBeadRequiredException("writeBead: an audit bead is not itself audited");
    }
    if (supersedes != null && supersedes.equals(bead.id())) {
      throw new InvalidSupersedeException("a bead cannot supersede itself");
    }
  }

  public static BeadWrite of(Bead bead, Bead audit) {
    return new BeadWrite(bead, audit, null);
  }

  /**
   * The checks a supersede must pass, given the bead to supersede (api.md "Beads"): the same type,
   * and for trust, policy and consent the same subject, scope or role.
   */
  public void checkSupersedable(Bead superseded) {
    if (superseded.type() != bead.type()) {
      throw new InvalidSupersedeException(
          "a "
              + bead.type().wireName()
              + " bead cannot supersede a "
              + superseded.type().wireName()
              + " bead");
    }
    String field = bead.identityField();
    if (field != null && !Objects.equals(bead.identityKey(), superseded.identityKey())) {
      throw new InvalidSupersedeException(
          "a superseding "
              + bead.type().wireName()
              + " bead must keep "
              + field
              + " '"
              + superseded.identityKey()
              + "' (got '"
              + bead.identityKey()
              + "')");
    }
    if (!bead.parentIds().contains(superseded.id().value())) {
      throw new InvalidSupersedeException(
          "a superseding bead must name the superseded bead as a parent");
    }
  }
}
