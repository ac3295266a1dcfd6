package ai.koales.ksp.domain.bead;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One write of the bead graph (core.md §4.1 writeBead): a bead together with its audit bead, and
 * optionally the bead it supersedes. The constructor enforces INV-BG-007: a non-audit bead needs an
 * audit bead whose only parent is the bead and whose {@code audited_bead_id} names it.
 *
 * <p>The rules of replacing a bead live here, in one place, for the write path and for the
 * integrity check that re-applies them to stored edges: {@link #supersedeViolation} (INV-BG-001,
 * INV-BG-004 and the amendment state machine of core.md §3) and {@link #revokeViolation}
 * (INV-BG-005).
 */
public record BeadWrite(Bead bead, Bead audit, BeadId supersedes) {

  /**
   * The amendment bead's state machine (core.md §3): PENDING → APPROVED | REJECTED, APPROVED →
   * SUPERSEDED. REJECTED and SUPERSEDED are terminal; no other step exists (not even PENDING →
   * PENDING: a different proposal is a new amendment).
   */
  static final Map<String, Set<String>> AMENDMENT_STEPS =
      Map.of("PENDING", Set.of("APPROVED", "REJECTED"), "APPROVED", Set.of("SUPERSEDED"));

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
      throw new InvalidSupersedeException("supersedes", "a bead cannot supersede itself");
    }
    if (supersedes == null
        && bead.type() == BeadType.AMENDMENT
        && !"PENDING".equals(bead.text("status"))) {
      // core.md §3: an amendment is proposed PENDING; every later status is a step of the state
      // machine, written as a bead that supersedes the previous one (AMENDMENT_STEPS).
      throw new BeadValidationException(
          "content.status",
          "a new amendment starts PENDING; "
              + bead.text("status")
              + " is reached by superseding an earlier amendment");
    }
  }

  public static BeadWrite of(Bead bead, Bead audit) {
    return new BeadWrite(bead, audit, null);
  }

  /**
   * The checks a supersede must pass, given the bead to supersede (api.md "Beads"; core.md §3): see
   * {@link #supersedeViolation}. Throws {@link InvalidSupersedeException}.
   */
  public void checkSupersedable(Bead superseded) {
    supersedeViolation(bead, superseded)
        .ifPresent(
            why -> {
              throw new InvalidSupersedeException("supersedes", why);
            });
  }

  /**
   * Why {@code newer} may not supersede {@code older}, if it may not: it must be of the same type;
   * keep the subject of a trust bead, the scope of a policy, the role of a consent; name {@code
   * older} as a parent; and, for amendments, keep {@code target_bead_id} and {@code target_type}
   * and take a step of the amendment state machine ({@link #AMENDMENT_STEPS}).
   */
  public static Optional<String> supersedeViolation(Bead newer, Bead older) {
    if (older.type() != newer.type()) {
      return Optional.of(
          "a "
              + newer.type().wireName()
              + " bead cannot supersede a "
              + older.type().wireName()
              + " bead");
    }
    String field = newer.identityField();
    if (field != null && !Objects.equals(newer.identityKey(), older.identityKey())) {
      return Optional.of(
          "a superseding "
              + newer.type().wireName()
              + " bead must keep "
              + field
              + " '"
              + older.identityKey()
              + "' (got '"
              + newer.identityKey()
              + "')");
    }
    if (!newer.parentIds().contains(older.id().value())) {
      return Optional.of("a superseding bead must name the superseded bead as a parent");
    }
    if (newer.type() == BeadType.AMENDMENT) {
      for (String kept : List.of("target_bead_id", "target_type")) {
        if (!Objects.equals(newer.text(kept), older.text(kept))) {
          return Optional.of(
              "a superseding amendment must keep "
                  + kept
                  + " '"
                  + older.text(kept)
                  + "' (got '"
                  + newer.text(kept)
                  + "')");
        }
      }
      String from = older.text("status");
      String to = newer.text("status");
      Set<String> allowed = AMENDMENT_STEPS.getOrDefault(from, Set.of());
      if (!allowed.contains(to)) {
        return Optional.of(
            allowed.isEmpty()
                ? "an amendment in status " + from + " is final and cannot be superseded"
                : "an amendment in status "
                    + from
                    + " can only become "
                    + String.join(" or ", new java.util.TreeSet<>(allowed))
                    + " (got "
                    + to
                    + ")");
      }
    }
    return Optional.empty();
  }

  /** The id of the consent this write revokes (INV-BG-005), if it revokes one. */
  public Optional<String> revokes() {
    return bead.type() == BeadType.CONSENT
        ? Optional.ofNullable(bead.text("revokes"))
        : Optional.empty();
  }

  /**
   * The checks a consent's {@code revokes} must pass, given what it names ({@link
   * #revokeViolation}). Throws {@link InvalidSupersedeException} naming {@code content.revokes}.
   */
  public void checkRevocable(Optional<Bead> revoked) {
    revokes()
        .flatMap(id -> revokeViolation(bead, id, revoked.orElse(null)))
        .ifPresent(
            why -> {
              throw new InvalidSupersedeException("content.revokes", why);
            });
  }

  /**
   * Why {@code consent} may not revoke {@code revokedId} (found as {@code revoked}, or null when it
   * is not in the org), if it may not: the revoked bead must exist in the org and be a consent of
   * the same {@code role_id}, so that a revocation can only take consent away from the role it
   * names, and the cache invalidation of the role covers it.
   */
  public static Optional<String> revokeViolation(Bead consent, String revokedId, Bead revoked) {
    if (revoked == null) {
      return Optional.of("revokes names " + revokedId + ", which is not a bead of this org");
    }
    if (revoked.type() != BeadType.CONSENT) {
      return Optional.of(
          "revokes must name a consent bead, not a " + revoked.type().wireName() + " bead");
    }
    if (!Objects.equals(consent.text("role_id"), revoked.text("role_id"))) {
      return Optional.of(
          "revokes must name a consent of role_id '"
              + consent.text("role_id")
              + "' (it names one of '"
              + revoked.text("role_id")
              + "')");
    }
    return Optional.empty();
  }
}
